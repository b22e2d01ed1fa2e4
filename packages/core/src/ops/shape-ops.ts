import { makeResult } from '../autograd/record.js';
import { reshapeGrad, permuteGrad, expandGrad, sliceGrad, padSliceGrad, type SliceAttrs } from '../autograd/rules/shape.js';
import { assertShape, broadcastStrides, contiguousStrides, type Shape, shapesEqual, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add } from './arithmetic.js';

/** A view with another shape (no copy); one dimension may be -1. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const known = shape.filter((d) => d !== -1);
  const inferred = shape.length - known.length;
  if (inferred > 1) throw new Error(`reshape: at most one -1 in [${shape}]`);
  const target = inferred ? shape.map((d) => (d === -1 ? x.size / sizeOf(known) : d)) : [...shape];
  assertShape(target, 'reshape target');
  if (sizeOf(target) !== x.size) throw new Error(`reshape: cannot view [${x.shape}] (${x.size} elements) as [${shape}]`);
  return makeResult('reshape', x.storage.retain(), target, [x], reshapeGrad);
}

export function flatten(x: Tensor, startDim = 1): Tensor {
  return reshape(x, [...x.shape.slice(0, startDim), -1]);
}

export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = dim < 0 ? dim + x.rank + 1 : dim;
  return reshape(x, [...x.shape.slice(0, d), 1, ...x.shape.slice(d)]);
}

export function permute(x: Tensor, perm: readonly number[]): Tensor {
  if (perm.length !== x.rank || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) {
    throw new Error(`permute: [${perm}] is not a permutation of ${x.rank} axes`);
  }
  const strides = contiguousStrides(x.shape);
  const shape = perm.map((p) => x.shape[p]);
  const storage = x.backend.copyStrided(x.storage, shape, perm.map((p) => strides[p]), 0);
  return makeResult('permute', storage, shape, [x], permuteGrad, { attrs: perm });
}

/** Swaps two axes (the last two by default). */
export function transpose(x: Tensor, a = -2, b = -1): Tensor {
  const perm = [...Array(x.rank).keys()];
  const i = a < 0 ? a + x.rank : a;
  const j = b < 0 ? b + x.rank : b;
  [perm[i], perm[j]] = [perm[j], perm[i]];
  return permute(x, perm);
}

/** Materialises broadcasting to `shape` (PyTorch expand, but as a copy). */
export function expand(x: Tensor, shape: Shape): Tensor {
  // A new handle even when nothing moves: ops never hand out their input, so disposing a result is safe.
  if (shapesEqual(x.shape, shape)) return x.alias();
  const strides = broadcastStrides(x.shape, shape);
  const storage = x.backend.copyStrided(x.storage, shape, strides, 0);
  return makeResult('expand', storage, shape, [x], expandGrad);
}

/**
 * x[starts[d] : starts[d] + sizes[d]*steps[d] : steps[d]] along each dimension (a copy).
 */
export function slice(x: Tensor, starts: readonly number[], sizes: readonly number[], steps?: readonly number[]): Tensor {
  const st = steps ?? starts.map(() => 1);
  if (starts.length !== x.rank || sizes.length !== x.rank || st.length !== x.rank) throw new Error(`slice: give starts, sizes and steps for all ${x.rank} axes`);
  for (let d = 0; d < x.rank; d++) {
    const last = starts[d] + (sizes[d] - 1) * st[d];
    if (starts[d] < 0 || st[d] < 1 || (sizes[d] > 0 && last >= x.shape[d])) {
      throw new Error(`slice: axis ${d} range start ${starts[d]} size ${sizes[d]} step ${st[d]} is outside [0, ${x.shape[d]})`);
    }
  }
  const base = contiguousStrides(x.shape);
  const offset = starts.reduce((o, s, d) => o + s * base[d], 0);
  const storage = x.backend.copyStrided(x.storage, sizes, base.map((b, d) => b * st[d]), offset);
  const attrs: SliceAttrs = { fullShape: x.shape, starts, steps: st };
  return makeResult('slice', storage, [...sizes], [x], sliceGrad, { attrs });
}

/** A zero tensor of `outShape` with x placed at `starts` (every `steps`): the adjoint of slice. */
export function padSlice(x: Tensor, outShape: Shape, starts: readonly number[], steps?: readonly number[]): Tensor {
  const st = steps ?? starts.map(() => 1);
  for (let d = 0; d < x.rank; d++) {
    if (starts[d] < 0 || starts[d] + (x.shape[d] - 1) * st[d] >= outShape[d] && x.shape[d] > 0) {
      throw new Error(`padSlice: [${x.shape}] at [${starts}] step [${st}] does not fit in [${outShape}]`);
    }
  }
  const storage = x.backend.padInto(x.storage, x.shape, outShape, starts, st);
  const attrs: SliceAttrs = { fullShape: outShape, starts, steps: st };
  return makeResult('padSlice', storage, [...outShape], [x], padSliceGrad, { attrs });
}

/** Zero padding of the last dimensions, like torch.nn.functional.pad: [left, right, top, bottom, ...]. */
export function pad(x: Tensor, padding: readonly number[]): Tensor {
  if (padding.length % 2 !== 0 || padding.length / 2 > x.rank) throw new Error(`pad: padding [${padding}] must be pairs for at most ${x.rank} axes`);
  const starts = x.shape.map(() => 0);
  const outShape = [...x.shape];
  for (let i = 0; i < padding.length / 2; i++) {
    const d = x.rank - 1 - i;
    starts[d] = padding[2 * i];
    outShape[d] += padding[2 * i] + padding[2 * i + 1];
  }
  if (padding.some((p) => p < 0)) throw new Error('pad: negative padding is not supported (use slice)');
  return padSlice(x, outShape, starts);
}

export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  if (xs.length === 0) throw new Error('concat: no tensors');
  const rank = xs[0].rank;
  const ax = axis < 0 ? axis + rank : axis;
  const outShape = [...xs[0].shape];
  outShape[ax] = xs.reduce((s, t) => s + t.shape[ax], 0);
  for (const t of xs) {
    if (t.rank !== rank || t.shape.some((d, i) => i !== ax && d !== outShape[i])) throw new Error(`concat: shapes [${xs.map((t) => `[${t.shape}]`).join(', ')}] differ off axis ${ax}`);
  }
  if (xs.length === 1) return xs[0].alias();
  let offset = 0;
  let acc: Tensor | null = null;
  for (const t of xs) {
    const starts = outShape.map((_, i) => (i === ax ? offset : 0));
    offset += t.shape[ax];
    const placed = padSlice(t, outShape, starts);
    if (acc) {
      const next = add(acc, placed);
      acc.dispose();
      placed.dispose();
      acc = next;
    } else acc = placed;
  }
  return acc!;
}
