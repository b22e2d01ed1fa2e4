import { CAST_DTYPES, cast, copyStrided, gatherRows, grid1d, indexAddPlan, indexAddRows, where } from '@pad-gpu/kernels';
import type { DType } from '../backend.js';
import type { Storage } from '../../tensor/storage.js';
import { contiguousStrides, sizeOf } from '../../tensor/shape.js';
import type { WebGpuBackend } from './webgpu-backend.js';
import { bufferOf, elementwiseGrid, newStorage } from './gpu-storage.js';
import { fillStorage } from './elementwise.js';
import { dimUniforms, mergeDims, stridedWorkgroups } from './strided-dims.js';
import { ROWS_COPY, tryRowsBroadcast } from './rows-broadcast.js';

// Data movement works on raw 32-bit words, so one pipeline moves f32, i32 and u32 alike.

export function whereOp(be: WebGpuBackend, c: Storage, a: Storage, b: Storage, shape: readonly number[], cs: readonly number[], as: readonly number[], bs: readonly number[]): Storage {
  if (a.dtype !== b.dtype) throw new Error(`webgpu where: branches have dtypes ${a.dtype} and ${b.dtype}`);
  const n = sizeOf(shape);
  const out = newStorage(be, n, a.dtype);
  if (n === 0) return out;
  const m = mergeDims(shape, [cs, as, bs]);
  const u = dimUniforms(['s', 'c', 'a', 'b'], m, { n, rank: m.sizes.length, pad0: 0, pad1: 0 });
  be.stream.dispatch(where, [bufferOf(c), bufferOf(a), bufferOf(b), bufferOf(out)], u, grid1d(stridedWorkgroups(n)), { COND_FLOAT: c.dtype === 'f32' ? 1 : 0, FLAT: m.sizes.length === 1 ? 1 : 0 });
  return out;
}

/** Gathers (out[i] = x[f(i)]) or scatters (out[f(i)] = x[i]) with f the strided offset. A copy that
 *  merges into one contiguous run is a plain buffer copy, which the GPU does at memcpy speed. */
function stridedCopy(be: WebGpuBackend, x: Storage, out: Storage, n: number, shape: readonly number[], strides: readonly number[], offset: number, scatter: boolean): void {
  const m = mergeDims(shape, [strides]);
  if (m.sizes.length === 1 && m.strides[0][0] === 1) {
    be.stream.copy(bufferOf(x), bufferOf(out), n * 4, scatter ? 0 : offset * 4, scatter ? offset * 4 : 0);
    return;
  }
  // Expands (a reduction's gradient spread back over rows or columns) without the general index walk.
  if (!scatter && offset === 0 && x.dtype === 'f32' && tryRowsBroadcast(be, ROWS_COPY, m, [x], out)) return;
  const u = dimUniforms(['s', 't', 'unusedA', 'unusedB'], m, { n, offset, rank: m.sizes.length, pad: 0 });
  be.stream.dispatch(copyStrided, [bufferOf(x), bufferOf(out)], u, grid1d(stridedWorkgroups(n)), { SCATTER: scatter ? 1 : 0, FLAT: m.sizes.length === 1 ? 1 : 0 });
}

export function copyStridedOp(be: WebGpuBackend, x: Storage, shape: readonly number[], strides: readonly number[], offset: number): Storage {
  const n = sizeOf(shape);
  const out = newStorage(be, n, x.dtype);
  if (n > 0) stridedCopy(be, x, out, n, shape, strides, offset, false);
  return out;
}

/** Zero-fills, then scatters x into place: two plain passes instead of testing every output element
 *  against the starts and steps (a division per dimension and element). */
export function padIntoOp(be: WebGpuBackend, x: Storage, xShape: readonly number[], outShape: readonly number[], starts: readonly number[], steps: readonly number[]): Storage {
  const out = fillStorage(be, sizeOf(outShape), 0, x.dtype);
  const n = sizeOf(xShape);
  if (n === 0) return out;
  const os = contiguousStrides(outShape);
  const base = starts.reduce((o, s, d) => o + s * os[d], 0);
  stridedCopy(be, x, out, n, xShape, os.map((s, d) => s * steps[d]), base, true);
  return out;
}

/** Pieces placed by buffer copies (no dispatch); the zero fill only when they leave gaps. */
export function assembleOp(be: WebGpuBackend, pieces: readonly Storage[], offsets: readonly number[], size: number, dtype: DType): Storage {
  const covered = pieces.reduce((a, p) => a + p.size, 0);
  const out = covered === size ? newStorage(be, size, dtype) : fillStorage(be, size, 0, dtype);
  pieces.forEach((p, k) => {
    if (p.size > 0) be.stream.copy(bufferOf(p), bufferOf(out), p.size * 4, 0, offsets[k] * 4);
  });
  return out;
}

export function gatherRowsOp(be: WebGpuBackend, x: Storage, idx: Storage, k: number, rowSize: number): Storage {
  if (idx.dtype !== 'i32') throw new Error(`webgpu gatherRows: indices must be i32, got ${idx.dtype}`);
  const n = k * rowSize;
  const out = newStorage(be, n, x.dtype);
  if (n === 0) return out;
  const rows = Math.floor(x.size / rowSize);
  be.stream.dispatch(gatherRows, [bufferOf(x), bufferOf(idx), bufferOf(out)], { n, rowSize, rows }, grid1d(elementwiseGrid(n)));
  return out;
}

/** Deterministic index_add in two dispatches: a counting sort of the sources by destination row, then
 *  one invocation per output element summing its row's run (see index-add-plan.wgsl). */
export function indexAddRowsOp(be: WebGpuBackend, src: Storage, idx: Storage, k: number, rows: number, rowSize: number, hostPlan: Storage | null): Storage {
  if (src.dtype !== 'f32') throw new Error(`webgpu indexAddRows: only f32 sources are supported, got ${src.dtype}`);
  if (idx.dtype !== 'i32') throw new Error(`webgpu indexAddRows: indices must be i32, got ${idx.dtype}`);
  const n = rows * rowSize;
  if (n === 0 || k === 0) return fillStorage(be, n, 0, 'f32');
  if (hostPlan && (hostPlan.dtype !== 'u32' || hostPlan.size < rows + 1)) throw new Error(`webgpu indexAddRows: the plan must be u32 with at least ${rows + 1} entries`);
  const plan = hostPlan ?? newStorage(be, rows + 1 + k, 'u32');
  if (!hostPlan) be.stream.dispatch(indexAddPlan, [bufferOf(idx), bufferOf(plan)], { k, rows }, grid1d(Math.ceil(Math.max(rows + 1, k) / 64)));
  const out = newStorage(be, n, 'f32');
  be.stream.dispatch(indexAddRows, [bufferOf(src), bufferOf(plan), bufferOf(out)], { n, rowSize, rows }, grid1d(elementwiseGrid(n)));
  if (!hostPlan) plan.release();
  return out;
}

export function castOp(be: WebGpuBackend, x: Storage, to: DType): Storage {
  const out = newStorage(be, x.size, to);
  if (x.size === 0) return out;
  be.stream.dispatch(cast, [bufferOf(x), bufferOf(out)], { n: x.size }, grid1d(elementwiseGrid(x.size)), {
    FROM: CAST_DTYPES.indexOf(x.dtype),
    TO: CAST_DTYPES.indexOf(to),
  });
  return out;
}
