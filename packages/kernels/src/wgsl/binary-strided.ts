import type { KernelSpec } from '../spec.js';
import { stridedDimFields } from './copy-strided.js';
import apply from './binary-apply.wgsl';
import body from './binary-strided.wgsl';

const code = `alias V = f32;\n${apply}\n${body}`;

/**
 * Broadcasting f32 binary op (override OP as in BINARY_OPS) for operands that are not both contiguous.
 * Per dimension d, innermost first: size s{d} and the strides of a (a{d}) and b (b{d}). Dispatch
 * ceil(n / STRIDED_ITEMS) invocations; override FLAT when one dimension remains. Bindings: a, b, out.
 */
export const binaryStrided: KernelSpec = {
  name: 'binary-strided',
  code,
  bindings: ['read', 'read', 'read_write', 'uniform'],
  uniforms: [['n', 'u32'], ['rank', 'u32'], ['pad0', 'u32'], ['pad1', 'u32'], ...stridedDimFields(['s', 'a', 'b', 'unused'])],
  workgroupSize: [256, 1, 1],
};
