import type { BinaryOp } from '../backend/backend.js';
import { makeResult } from '../autograd/record.js';
import type { GradRule } from '../autograd/node.js';
import { addGrad, subGrad, mulGrad, divGrad, maximumGrad, minimumGrad } from '../autograd/rules/binary.js';
import { scalarOpGrad, scalarOpSavesInput, type ScalarAttrs } from '../autograd/rules/binary-scalar.js';
import { whereGrad } from '../autograd/rules/where.js';
import { broadcastShapes, broadcastStrides } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { sameBackend } from './util.js';

const RULES: Partial<Record<BinaryOp, GradRule>> = {
  add: addGrad, sub: subGrad, mul: mulGrad, div: divGrad, max: maximumGrad, min: minimumGrad,
};
/** Ops whose rule reads the operands. */
const SAVES: Partial<Record<BinaryOp, boolean>> = { mul: true, div: true, max: true, min: true };
const SCALAR_DIFFERENTIABLE = new Set<BinaryOp>(['add', 'sub', 'mul', 'div', 'pow', 'max', 'min']);

function binaryTensors(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  const backend = sameBackend(op, a, b);
  if (a.dtype !== b.dtype) throw new Error(`${op}: dtypes differ (${a.dtype} and ${b.dtype})`);
  const shape = broadcastShapes(a.shape, b.shape, `${op} operands`);
  const storage = backend.binary(op, a.storage, b.storage, shape, broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape));
  return makeResult(op, storage, shape, [a, b], RULES[op] ?? null, { save: SAVES[op] ? [a, b] : [] });
}

function binaryScalar(op: BinaryOp, x: Tensor, s: number, scalarFirst: boolean): Tensor {
  const storage = x.backend.binaryScalar(op, x.storage, s, scalarFirst);
  const rule = SCALAR_DIFFERENTIABLE.has(op) ? scalarOpGrad : null;
  return makeResult<ScalarAttrs>(op, storage, x.shape, [x], rule, {
    save: rule && scalarOpSavesInput(op, scalarFirst) ? [x] : [],
    attrs: { op, scalar: s, scalarFirst },
  });
}

/** Elementwise op with NumPy broadcasting; either operand may be a plain number. */
export function binary(op: BinaryOp, a: Tensor | number, b: Tensor | number): Tensor {
  if (typeof a === 'number' && typeof b === 'number') throw new Error(`${op}: at least one operand must be a tensor`);
  if (typeof a === 'number') return binaryScalar(op, b as Tensor, a, true);
  if (typeof b === 'number') return binaryScalar(op, a, b, false);
  return binaryTensors(op, a, b);
}

export const add = (a: Tensor | number, b: Tensor | number) => binary('add', a, b);
export const sub = (a: Tensor | number, b: Tensor | number) => binary('sub', a, b);
export const mul = (a: Tensor | number, b: Tensor | number) => binary('mul', a, b);
export const div = (a: Tensor | number, b: Tensor | number) => binary('div', a, b);
export const maximum = (a: Tensor | number, b: Tensor | number) => binary('max', a, b);
export const minimum = (a: Tensor | number, b: Tensor | number) => binary('min', a, b);
/** x ** p for a constant exponent. */
export const pow = (x: Tensor, p: number) => binary('pow', x, p);
/** Comparisons give 1/0 masks and are not differentiable (their results are constants). */
export const gt = (a: Tensor | number, b: Tensor | number) => binary('gt', a, b);
export const ge = (a: Tensor | number, b: Tensor | number) => binary('ge', a, b);
export const lt = (a: Tensor | number, b: Tensor | number) => binary('lt', a, b);
export const le = (a: Tensor | number, b: Tensor | number) => binary('le', a, b);
export const eq = (a: Tensor | number, b: Tensor | number) => binary('eq', a, b);
export const ne = (a: Tensor | number, b: Tensor | number) => binary('ne', a, b);

/** cond ? a : b elementwise, with broadcasting; differentiable in a and b. */
export function where(cond: Tensor, a: Tensor, b: Tensor): Tensor {
  const backend = sameBackend('where', cond, a, b);
  const shape = broadcastShapes(broadcastShapes(cond.shape, a.shape, 'where operands'), b.shape, 'where operands');
  const storage = backend.where(
    cond.storage, a.storage, b.storage, shape,
    broadcastStrides(cond.shape, shape), broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape),
  );
  return makeResult('where', storage, shape, [cond, a, b], whereGrad, { save: [cond] });
}
