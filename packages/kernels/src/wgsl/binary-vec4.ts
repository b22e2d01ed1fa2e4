import type { KernelSpec } from '../spec.js';
import apply from './binary-apply.wgsl';
import body from './binary-vec4.wgsl';

const code = `alias V = vec4<f32>;\n${apply}\n${body}`;

/** Override constant MODE of binaryVec4. */
export const BINARY_VEC4_MODE = { same: 0, scalarRight: 1, scalarLeft: 2 } as const;

/**
 * Elementwise f32 binary op on contiguous same-size operands or against a scalar uniform, four
 * elements per invocation (dispatch ceil(n / 4)); override OP as in BINARY_OPS. Needs buffers whose
 * size is a multiple of 16 bytes. Bindings: a, b (a again in the scalar modes), out.
 */
export const binaryVec4: KernelSpec = {
  name: 'binary-vec4',
  code,
  bindings: ['read', 'read', 'read_write', 'uniform'],
  uniforms: [['n', 'u32'], ['scalar', 'f32']],
  workgroupSize: [256, 1, 1],
};
