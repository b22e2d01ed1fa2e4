import { BINARY_OPS, BINARY_VEC4_MODE, UNARY_OPS, binaryStrided, binaryVec4, fill, grid1d, unaryVec4 } from '@pad-gpu/kernels';
import type { BinaryOp, DType, UnaryOp } from '../backend.js';
import type { Storage } from '../../tensor/storage.js';
import type { WebGpuBackend } from './webgpu-backend.js';
import { bufferOf, elementwiseGrid, newStorage } from './gpu-storage.js';
import { dimUniforms, mergeDims, stridedWorkgroups } from './strided-dims.js';
import { tryRowsBroadcast } from './rows-broadcast.js';

// Contiguous elementwise work runs four elements per invocation (unary-vec4, binary-vec4: about twice
// as fast on llvmpipe); it relies on the buffer pool's sizes being multiples of 16 bytes.

function assertF32(op: string, ...ss: Storage[]): void {
  for (const s of ss) if (s.dtype !== 'f32') throw new Error(`webgpu ${op}: only f32 is supported, got ${s.dtype} (cast first)`);
}

/** Workgroups of 256 invocations that each handle a vec4. */
function vec4Grid(n: number): [number, number, number] {
  return grid1d(Math.ceil(n / 1024));
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
  if (x.size > 0) be.stream.dispatch(unaryVec4, [bufferOf(x), bufferOf(out)], { n: x.size }, vec4Grid(x.size), { OP: UNARY_OPS.indexOf(op) });
  return out;
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
  const OP = BINARY_OPS.indexOf(op);
  if (isContiguousFull(as, shape) && isContiguousFull(bs, shape)) {
    be.stream.dispatch(binaryVec4, [bufferOf(a), bufferOf(b), bufferOf(out)], { n, scalar: 0 }, vec4Grid(n), { OP, MODE: BINARY_VEC4_MODE.same });
    return out;
  }
  // Broadcasting: merged dimensions and carried digits (binary-strided.wgsl) instead of a division
  // chain per element, about 1.5x faster on llvmpipe for a bias over NCHW.
  const m = mergeDims(shape, [as, bs]);
  if (tryRowsBroadcast(be, OP, m, [a, b], out)) return out;
  const u = dimUniforms(['s', 'a', 'b', 'unused'], m, { n, rank: m.sizes.length, pad0: 0, pad1: 0 });
  be.stream.dispatch(binaryStrided, [bufferOf(a), bufferOf(b), bufferOf(out)], u, grid1d(stridedWorkgroups(n)), { OP, FLAT: m.sizes.length === 1 ? 1 : 0 });
  return out;
}

export function binaryScalarOp(be: WebGpuBackend, op: BinaryOp, x: Storage, scalar: number, scalarFirst: boolean): Storage {
  assertF32(op, x);
  const out = newStorage(be, x.size, 'f32');
  if (x.size === 0) return out;
  be.stream.dispatch(binaryVec4, [bufferOf(x), bufferOf(x), bufferOf(out)], { n: x.size, scalar }, vec4Grid(x.size), {
    OP: BINARY_OPS.indexOf(op),
    MODE: scalarFirst ? BINARY_VEC4_MODE.scalarLeft : BINARY_VEC4_MODE.scalarRight,
  });
  return out;
}
