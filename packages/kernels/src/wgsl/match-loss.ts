import type { KernelSpec } from '../spec.js';
import code from './match-loss.wgsl';

/** Elements one workgroup of either pass covers (256 invocations x 16 elements, see match-loss.wgsl). */
export const MATCH_LOSS_CHUNK = 4096;

const bindings = ['read', 'read', 'read', 'read_write', 'read_write', 'read_write', 'uniform'] as const;
const uniforms = [['n', 'u32'], ['cut', 'u32'], ['groups', 'u32']] as const;

/** Pass 1: partial sums (num, den) per workgroup into `partials` [2 * groups].
 *  Bindings: student θ_N, expert start θ*_t, expert end θ*_{t+M}, partials, seed v_N, sums [3]. */
export const matchLossPartial: KernelSpec = {
  name: 'match-loss-partial',
  code,
  entryPoint: 'partial',
  bindings,
  uniforms,
  workgroupSize: [256, 1, 1],
};

/** Pass 2 (same bindings): reduces the partials, writes v_N and sums = [num, den, num / den]. */
export const matchLossFinish: KernelSpec = {
  name: 'match-loss-finish',
  code,
  entryPoint: 'finish',
  bindings,
  uniforms,
  workgroupSize: [256, 1, 1],
};
