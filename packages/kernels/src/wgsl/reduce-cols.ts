import type { KernelSpec } from '../spec.js';
import code from './reduce-cols.wgsl';

/**
 * One pass of a chunked serial reduction of x = [outer, r, inner] to [outer, nchunks, inner]
 * (n = outer · nchunks · inner invocations). Override OP as in REDUCE_OPS. Bindings: x, out.
 */
export const reduceCols: KernelSpec = {
  name: 'reduce-cols',
  code,
  bindings: ['read', 'read_write', 'uniform'],
  uniforms: [['n', 'u32'], ['r', 'u32'], ['inner', 'u32'], ['chunk', 'u32'], ['nchunks', 'u32'], ['init', 'f32']],
  workgroupSize: [256, 1, 1],
};
