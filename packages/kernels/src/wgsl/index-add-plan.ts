import type { KernelSpec } from '../spec.js';
import code from './index-add-plan.wgsl';

/**
 * Stable counting sort of index_add's sources by destination row into `plan` (rows + 1 + k words):
 * run starts, then source order. Dispatch max(rows + 1, k) invocations. Bindings: idx (i32), plan.
 */
export const indexAddPlan: KernelSpec = {
  name: 'index-add-plan',
  code,
  bindings: ['read', 'read_write', 'uniform'],
  uniforms: [['k', 'u32'], ['rows', 'u32']],
  workgroupSize: [64, 1, 1],
};
