import { makeResult } from '../autograd/record.js';
import { indexSelectGrad, indexAddGrad } from '../autograd/rules/gather.js';
import { sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { sameBackend } from './util.js';

function checkIndex(op: string, idx: Tensor): void {
  if (idx.dtype !== 'i32' || idx.rank !== 1) throw new Error(`${op}: indices must be a 1-D i32 tensor, got ${idx.dtype} [${idx.shape}]`);
}

function checkPlan(op: string, plan: Tensor | null, rows: number, k: number): void {
  if (plan && (plan.dtype !== 'u32' || plan.rank !== 1 || plan.size !== rows + 1 + k)) {
    throw new Error(`${op}: the plan must be hostIndexAddPlan(idx, ${rows}) (u32 [${rows + 1 + k}]), got ${plan.dtype} [${plan.shape}]`);
  }
}

/** Rows of x along axis 0 (torch.index_select(x, 0, idx)); minibatches are built with this. Indices
 *  must lie in [0, x.shape[0]); they are not checked on the GPU. `plan` (hostIndexAddPlan(idx,
 *  x.shape[0]) as a u32 tensor) makes the gradient's scatter-add skip its GPU sort. */
export function indexSelect(x: Tensor, idx: Tensor, plan: Tensor | null = null): Tensor {
  checkIndex('indexSelect', idx);
  sameBackend('indexSelect', x, idx);
  checkPlan('indexSelect', plan, x.shape[0], idx.size);
  const rowSize = sizeOf(x.shape.slice(1));
  const storage = x.backend.gatherRows(x.storage, idx.storage, idx.size, rowSize);
  return makeResult('indexSelect', storage, [idx.size, ...x.shape.slice(1)], [x, idx], indexSelectGrad, { save: plan ? [idx, plan] : [idx] });
}

/** A zero tensor of `rows` rows into which each src row j is added at row idx[j] (index_add).
 *  `plan`: see indexSelect. */
export function indexAdd(src: Tensor, idx: Tensor, rows: number, plan: Tensor | null = null): Tensor {
  checkIndex('indexAdd', idx);
  sameBackend('indexAdd', src, idx);
  if (src.shape[0] !== idx.size) throw new Error(`indexAdd: ${src.shape[0]} source rows but ${idx.size} indices`);
  checkPlan('indexAdd', plan, rows, idx.size);
  const rowSize = sizeOf(src.shape.slice(1));
  const storage = src.backend.indexAddRows(src.storage, idx.storage, idx.size, rows, rowSize, plan?.storage ?? null);
  return makeResult('indexAdd', storage, [rows, ...src.shape.slice(1)], [src, idx], indexAddGrad, { save: plan ? [idx, plan] : [idx] });
}
