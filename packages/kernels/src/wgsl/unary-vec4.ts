import type { KernelSpec } from '../spec.js';
import code from './unary-vec4.wgsl';

/**
 * Elementwise f32 unary op, four elements per invocation (dispatch ceil(n / 4) invocations); override
 * OP as in UNARY_OPS. Needs buffers whose size is a multiple of 16 bytes. Bindings: x, out.
 */
export const unaryVec4: KernelSpec = {
  name: 'unary-vec4',
  code,
  bindings: ['read', 'read_write', 'uniform'],
  uniforms: [['n', 'u32']],
  workgroupSize: [256, 1, 1],
};
