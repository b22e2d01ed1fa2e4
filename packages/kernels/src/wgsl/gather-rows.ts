import type { KernelSpec } from '../spec.js';
import code from './gather-rows.wgsl';

/** out[j] = x[idx[j]] row by row (n = k * rowSize words; rows = rows of x). Bindings: x, idx (i32), out. */
export const gatherRows: KernelSpec = {
  name: 'gather-rows',
  code,
  bindings: ['read', 'read', 'read_write', 'uniform'],
  uniforms: [['n', 'u32'], ['rowSize', 'u32'], ['rows', 'u32']],
  workgroupSize: [256, 1, 1],
};
