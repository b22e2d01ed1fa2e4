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
import { reshape } from './shape-ops.js';

/** Sorted axes grouped into runs of consecutive axes: [0, 2, 3] -> [[0], [2, 3]]. */
function contiguousRuns(axes: readonly number[]): number[][] {
  const runs: number[][] = [];
  for (const a of axes) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === a - 1) run.push(a);
    else runs.push([a]);
  }
  return runs;
}

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
  // Reduce one contiguous run of axes at a time, innermost first, keeping reduced axes as size 1:
  // sum over [0, 2, 3] of NCHW (every bias gradient) becomes [N*C, H*W, 1] then [1, N, C], with no
  // transposed copy of the whole activation.
  const cur = [...x.shape];
  let storage = x.storage;
  for (const run of contiguousRuns(axes).reverse()) {
    const first = run[0];
    const last = run[run.length - 1];
    const next = x.backend.reduce(op, storage, sizeOf(cur.slice(0, first)), sizeOf(cur.slice(first, last + 1)), sizeOf(cur.slice(last + 1)));
    if (storage !== x.storage) storage.release();
    storage = next;
    for (const a of run) cur[a] = 1;
  }
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
