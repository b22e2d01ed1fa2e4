import io from './instance-norm-io.wgsl';
import code from './instance-norm.wgsl';
import stats from './plane-stats.wgsl';
import { planeSpecs } from './plane-element.js';

/** Uniforms of both instance-norm kernels: planes = n·c, c, hw = h·w, eps (unused by the backward). */
export const INSTANCE_NORM_UNIFORMS = [['planes', 'u32'], ['c', 'u32'], ['hw', 'u32'], ['eps', 'f32']] as const;

/**
 * Fused instance norm forward (per-plane statistics, normalise, affine), `f32` or `vec4` elements (vec4
 * needs hw % 4 == 0). Override constants WG, LANES: WG / LANES planes per workgroup, RELU: fused
 * max(0, y) on the output (ConvNet's norm -> ReLU, one pass over the activations fewer); dispatch
 * ceil(planes / (WG / LANES)) workgroups through grid1d. Bindings: x, weight [c], bias [c], y,
 * mean [planes], rstd [planes].
 */
export const instanceNorm = planeSpecs('instance-norm', `${code}\n${io}\n${stats}`, {
  bindings: ['read', 'read', 'read', 'read_write', 'read_write', 'read_write', 'uniform'],
  uniforms: INSTANCE_NORM_UNIFORMS,
  workgroupSize: [64, 1, 1],
});
