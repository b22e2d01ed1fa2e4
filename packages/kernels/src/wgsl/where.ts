import type { KernelSpec } from '../spec.js';
import { stridedDimFields } from './copy-strided.js';
import code from './where.wgsl';

/**
 * out = cond ? a : b over 32-bit words with broadcasting. Per dimension d, innermost first: size s{d}
 * and the strides of cond (c{d}), a (a{d}) and b (b{d}). Override COND_FLOAT (default 1) says cond is
 * f32. Dispatch ceil(n / STRIDED_ITEMS) invocations. Bindings: cond, a, b, out.
 */
export const where: KernelSpec = {
  name: 'where',
  code,
  bindings: ['read', 'read', 'read', 'read_write', 'uniform'],
  uniforms: [['n', 'u32'], ['rank', 'u32'], ['pad0', 'u32'], ['pad1', 'u32'], ...stridedDimFields(['s', 'c', 'a', 'b'])],
  workgroupSize: [256, 1, 1],
};
