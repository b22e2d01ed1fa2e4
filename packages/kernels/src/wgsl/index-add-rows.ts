import type { KernelSpec } from '../spec.js';
import code from './index-add-rows.wgsl';

/** out[r] = Σ src[j] over the planned run of row r (n = rows * rowSize). Bindings: src (f32), plan, out. */
export const indexAddRows: KernelSpec = {
  name: 'index-add-rows',
  code,
  bindings: ['read', 'read', 'read_write', 'uniform'],
  uniforms: [['n', 'u32'], ['rowSize', 'u32'], ['rows', 'u32']],
  workgroupSize: [256, 1, 1],
};
