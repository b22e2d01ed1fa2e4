import type { KernelSpec } from '../spec.js';
import code from './random.wgsl';

/**
 * Counter-based uniform [0, 1) (default) or standard normal (override NORMAL = 1) draws; `key` is
 * streamKey(seed) from the core's counter-hash. Bindings: out (f32).
 */
export const random: KernelSpec = {
  name: 'random',
  code,
  bindings: ['read_write', 'uniform'],
  uniforms: [['n', 'u32'], ['key', 'u32'], ['offset', 'u32']],
  workgroupSize: [256, 1, 1],
};
