import type { UnaryOp } from '../backend/backend.js';
import { makeResult } from '../autograd/record.js';
import { unaryGrad, unaryNeedsOutput } from '../autograd/rules/unary.js';
import type { Tensor } from '../tensor/tensor.js';

const NON_DIFFERENTIABLE = new Set<UnaryOp>(['step', 'sign', 'floor', 'isfinite']);

export function unary(op: UnaryOp, x: Tensor): Tensor {
  const storage = x.backend.unary(op, x.storage);
  if (NON_DIFFERENTIABLE.has(op)) return makeResult(op, storage, x.shape, [x], null);
  const saveOutput = unaryNeedsOutput(op);
  return makeResult(op, storage, x.shape, [x], unaryGrad, { save: saveOutput ? [] : [x], saveOutput, attrs: op });
}

export const neg = (x: Tensor) => unary('neg', x);
export const exp = (x: Tensor) => unary('exp', x);
export const log = (x: Tensor) => unary('log', x);
export const sqrt = (x: Tensor) => unary('sqrt', x);
export const rsqrt = (x: Tensor) => unary('rsqrt', x);
export const relu = (x: Tensor) => unary('relu', x);
export const abs = (x: Tensor) => unary('abs', x);
export const square = (x: Tensor) => unary('square', x);
export const reciprocal = (x: Tensor) => unary('recip', x);
export const sigmoid = (x: Tensor) => unary('sigmoid', x);
export const tanh = (x: Tensor) => unary('tanh', x);
export const sin = (x: Tensor) => unary('sin', x);
export const cos = (x: Tensor) => unary('cos', x);
/** 1 where x > 0, else 0 (not differentiable). */
export const step = (x: Tensor) => unary('step', x);
export const sign = (x: Tensor) => unary('sign', x);
export const floor = (x: Tensor) => unary('floor', x);
/** 1 where x is finite, else 0. */
export const isFinite = (x: Tensor) => unary('isfinite', x);
