import { BINARY_MODE, BINARY_OPS, MAX_RANK, UNARY_OPS, binary, fill, grid1d, unary } from '@pad-gpu/kernels';
import type { BinaryOp, DType, UnaryOp } from '../backend.js';
import type { Storage } from '../../tensor/storage.js';
import type { WebGpuBackend } from './webgpu-backend.js';
import { bufferOf, elementwiseGrid, newStorage } from './gpu-storage.js';

function assertF32(op: string, ...ss: Storage[]): void {
  for (const s of ss) if (s.dtype !== 'f32') throw new Error(`webgpu ${op}: only f32 is supported, got ${s.dtype} (cast first)`);
}

export function fillStorage(be: WebGpuBackend, size: number, value: number, dtype: DType): Storage {
  const out = newStorage(be, size, dtype);
  const bits = new DataView(new ArrayBuffer(4));
  if (dtype === 'f32') bits.setFloat32(0, value, true);
  else if (dtype === 'i32') bits.setInt32(0, value, true);
  else bits.setUint32(0, value >>> 0, true);
  if (size > 0) be.stream.dispatch(fill, [bufferOf(out)], { n: size, bits: bits.getUint32(0, true) }, grid1d(elementwiseGrid(size)));
  return out;
}

export function unaryOp(be: WebGpuBackend, op: UnaryOp, x: Storage): Storage {
  assertF32(op, x);
  const out = newStorage(be, x.size, 'f32');
  if (x.size > 0) be.stream.dispatch(unary, [bufferOf(x), bufferOf(out)], { n: x.size }, grid1d(elementwiseGrid(x.size)), { OP: UNARY_OPS.indexOf(op) });
  return out;
}

function padDims(v: readonly number[], fillValue: number): number[] {
  if (v.length > MAX_RANK) throw new Error(`webgpu binary: rank ${v.length} exceeds ${MAX_RANK}`);
  return [...Array(MAX_RANK - v.length).fill(fillValue), ...v];
}

function isContiguousFull(strides: readonly number[], shape: readonly number[]): boolean {
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1 && strides[d] !== s) return false;
    s *= shape[d];
  }
  return true;
}

export function binaryOp(be: WebGpuBackend, op: BinaryOp, a: Storage, b: Storage, shape: readonly number[], as: readonly number[], bs: readonly number[]): Storage {
  assertF32(op, a, b);
  const n = shape.reduce((p, d) => p * d, 1);
  const out = newStorage(be, n, 'f32');
  if (n === 0) return out;
  const same = isContiguousFull(as, shape) && isContiguousFull(bs, shape);
  const u: Record<string, number> = { n, scalar: 0 };
  const S = padDims(shape, 1);
  const A = padDims(as, 0);
  const B = padDims(bs, 0);
  for (let i = 0; i < MAX_RANK; i++) {
    u[`s${i}`] = S[i];
    u[`a${i}`] = A[i];
    u[`b${i}`] = B[i];
  }
  be.stream.dispatch(binary, [bufferOf(a), bufferOf(b), bufferOf(out)], u, grid1d(elementwiseGrid(n)), {
    OP: BINARY_OPS.indexOf(op),
    MODE: same ? BINARY_MODE.same : BINARY_MODE.strided,
  });
  return out;
}

const ZERO_DIMS = Object.fromEntries(['s', 'a', 'b'].flatMap((p) => Array.from({ length: MAX_RANK }, (_, i) => [`${p}${i}`, p === 's' ? 1 : 0])));

export function binaryScalarOp(be: WebGpuBackend, op: BinaryOp, x: Storage, scalar: number, scalarFirst: boolean): Storage {
  assertF32(op, x);
  const out = newStorage(be, x.size, 'f32');
  if (x.size === 0) return out;
  be.stream.dispatch(binary, [bufferOf(x), bufferOf(x), bufferOf(out)], { ...ZERO_DIMS, n: x.size, scalar }, grid1d(elementwiseGrid(x.size)), {
    OP: BINARY_OPS.indexOf(op),
    MODE: scalarFirst ? BINARY_MODE.scalarLeft : BINARY_MODE.scalarRight,
  });
  return out;
}
