import { makeResult } from '../autograd/record.js';
import { indexSelectGrad, indexAddGrad } from '../autograd/rules/gather.js';
import { sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { sameBackend } from './util.js';

function checkIndex(op: string, idx: Tensor): void {
  if (idx.dtype !== 'i32' || idx.rank !== 1) throw new Error(`${op}: indices must be a 1-D i32 tensor, got ${idx.dtype} [${idx.shape}]`);
}

/** Rows of x along axis 0 (torch.index_select(x, 0, idx)); minibatches are built with this. Indices
 *  must lie in [0, x.shape[0]); they are not checked on the GPU. */
export function indexSelect(x: Tensor, idx: Tensor): Tensor {
  checkIndex('indexSelect', idx);
  sameBackend('indexSelect', x, idx);
  const rowSize = sizeOf(x.shape.slice(1));
  const storage = x.backend.gatherRows(x.storage, idx.storage, idx.size, rowSize);
  return makeResult('indexSelect', storage, [idx.size, ...x.shape.slice(1)], [x, idx], indexSelectGrad, { save: [idx] });
}

/** A zero tensor of `rows` rows into which each src row j is added at row idx[j] (index_add). */
export function indexAdd(src: Tensor, idx: Tensor, rows: number): Tensor {
  checkIndex('indexAdd', idx);
  sameBackend('indexAdd', src, idx);
  if (src.shape[0] !== idx.size) throw new Error(`indexAdd: ${src.shape[0]} source rows but ${idx.size} indices`);
  const rowSize = sizeOf(src.shape.slice(1));
  const storage = src.backend.indexAddRows(src.storage, idx.storage, idx.size, rows, rowSize);
  return makeResult('indexAdd', storage, [rows, ...src.shape.slice(1)], [src, idx], indexAddGrad, { save: [idx] });
}
