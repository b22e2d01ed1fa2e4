import type { DType } from '../backend/backend.js';
import { makeResult } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';

/** Converts between f32, i32 and u32 (float to int truncates toward zero). Not differentiable. */
export function cast(x: Tensor, to: DType): Tensor {
  if (x.dtype === to) return x.alias();
  return makeResult('cast', x.backend.cast(x.storage, to), x.shape, [x], null);
}
