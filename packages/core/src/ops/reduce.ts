import type { ReduceOp } from '../backend/backend.js';
import { makeResult } from '../autograd/record.js';
import { sumGrad, maxGrad, type ReduceAttrs } from '../autograd/rules/reduce.js';
import { normalizeAxes, type Shape, shapesEqual, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../autograd/grad-mode.js';
import { tidy } from '../tensor/scope.js';
import { div, eq, where } from './arithmetic.js';
import { cast } from './cast.js';
import { scalar, tensor } from './creation.js';
import { permute, reshape } from './shape-ops.js';

/** The shape a reduction keeps (with keepdim) and the one it returns. */
function reducedShapes(shape: Shape, axes: number[]): { kept: number[]; out: number[] } {
  const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  return { kept, out: shape.filter((_, i) => !axes.includes(i)) };
}

function reduce(op: ReduceOp, x: Tensor, axisArg: number | readonly number[] | undefined, keepdim: boolean): Tensor {
  const axes = normalizeAxes(axisArg, x.rank);
  const { kept, out } = reducedShapes(x.shape, axes);
  const resultShape = keepdim ? kept : out;
  const rule = op === 'sum' ? sumGrad : maxGrad;
  const attrs: ReduceAttrs = { keptShape: kept };
  if (axes.length === 0) return reshape(x, resultShape);
  const contiguous = axes.every((a, i) => i === 0 || a === axes[i - 1] + 1);
  let src = x;
  let outer: number, r: number, inner: number;
  if (contiguous) {
    outer = sizeOf(x.shape.slice(0, axes[0]));
    r = sizeOf(axes.map((a) => x.shape[a]));
    inner = sizeOf(x.shape.slice(axes[axes.length - 1] + 1));
  } else {
    // Move the reduced axes last (one copy) so the backend sees [outer, r, 1].
    const rest = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
    src = permute(x, [...rest, ...axes]);
    outer = sizeOf(rest.map((a) => x.shape[a]));
    r = sizeOf(axes.map((a) => x.shape[a]));
    inner = 1;
  }
  const storage = x.backend.reduce(op, src.storage, outer, r, inner);
  if (src !== x) src.dispose();
  return makeResult(op === 'sum' ? 'sum' : op, storage, resultShape, [x], rule, {
    save: op === 'sum' ? [] : [x],
    saveOutput: op !== 'sum',
    attrs,
  });
}

export function sum(x: Tensor, axes?: number | readonly number[], keepdim = false): Tensor {
  return reduce('sum', x, axes, keepdim);
}

export function max(x: Tensor, axes?: number | readonly number[], keepdim = false): Tensor {
  return reduce('max', x, axes, keepdim);
}

export function min(x: Tensor, axes?: number | readonly number[], keepdim = false): Tensor {
  return reduce('min', x, axes, keepdim);
}

export function mean(x: Tensor, axes?: number | readonly number[], keepdim = false): Tensor {
  const n = normalizeAxes(axes, x.rank).reduce((p, a) => p * x.shape[a], 1);
  const s = sum(x, axes, keepdim);
  const m = div(s, n);
  s.dispose();
  return m;
}

/** Sums a broadcast result back to `shape` (the adjoint of broadcasting). */
export function sumTo(x: Tensor, shape: Shape): Tensor {
  if (shapesEqual(x.shape, shape)) return x.alias();
  const lead = x.rank - shape.length;
  if (lead < 0) throw new Error(`sumTo: cannot sum [${x.shape}] to the larger shape [${shape}]`);
  const axes: number[] = [];
  for (let i = 0; i < x.rank; i++) if (i < lead || (shape[i - lead] === 1 && x.shape[i] !== 1)) axes.push(i);
  const s = sum(x, axes, true);
  const r = reshape(s, shape);
  s.dispose();
  return r;
}

/** Index of the largest element along `axis` (the first among ties) as i32, like torch.argmax. Built
 *  from primitives every backend has; not differentiable (grad through it names 'argmax'). */
export function argmax(x: Tensor, axis = -1, keepdim = false): Tensor {
  const [ax] = normalizeAxes(axis, x.rank);
  const n = x.shape[ax];
  const idx = noGrad(() =>
    tidy(() => {
      const positions = tensor(Array.from({ length: n }, (_, i) => i), x.shape.map((d, i) => (i === ax ? n : 1)), { backend: x.backend });
      // Non-maxima become n, so the smallest remaining position is the first arg-max.
      const candidates = where(eq(x, max(x, ax, true)), positions, scalar(n, { backend: x.backend }));
      return cast(min(candidates, ax, keepdim), 'i32');
    }),
  );
  const out = makeResult('argmax', idx.storage.retain(), idx.shape, [x], null);
  idx.dispose();
  return out;
}
