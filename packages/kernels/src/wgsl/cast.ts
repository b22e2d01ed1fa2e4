import type { KernelSpec } from '../spec.js';
import code from './cast.wgsl';

/** Override constants FROM and TO take these codes. */
export const CAST_DTYPES = ['f32', 'i32', 'u32'] as const;

/** Elementwise dtype conversion with JavaScript typed-array semantics. Bindings: x, out. */
export const cast: KernelSpec = {
  name: 'cast',
  code,
  bindings: ['read', 'read_write', 'uniform'],
  uniforms: [['n', 'u32']],
  workgroupSize: [256, 1, 1],
};
