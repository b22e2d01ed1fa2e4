import type { Backend, BinaryOp, Conv2dParams, DType, InstanceNormParams, MatmulParams, NormalizePlanesParams, Pool2dParams, ReduceOp, TensorData, UnaryOp } from '../backend.js';
import { createGpuContext, type DeviceOptions, type GpuContext } from '../../device/device.js';
import type { Storage } from '../../tensor/storage.js';
import type { PoolStats } from './buffer-pool.js';
import { CommandStream } from './command-stream.js';
import { bufferOf, newStorage } from './gpu-storage.js';
import { binaryOp, binaryScalarOp, fillStorage, unaryOp } from './elementwise.js';
import { reduceOp } from './reduce.js';
import { assembleOp, castOp, copyStridedOp, gatherRowsOp, indexAddRowsOp, padIntoOp, whereOp } from './movement.js';
import { randomOp } from './random.js';
import { avgPool2dGradOp, avgPool2dOp } from './pool.js';
import { instanceNormGradOp, instanceNormOp } from './norm.js';
import { normalizePlanesBackwardOp, normalizePlanesGradXOp, normalizePlanesOp } from './normalize.js';
import { matmulOp } from './matmul.js';
import { conv2dInputGradOp, conv2dOp, conv2dWeightGradOp } from './conv.js';

/**
 * The WGSL backend. Ops encode dispatches into a shared command stream and return at once; data
 * reaches the CPU only through `read` (async). Buffers come from a pool and return to it when the last
 * tensor handle referencing them is disposed (after the next submit).
 */
export class WebGpuBackend implements Backend {
  readonly name = 'webgpu' as const;
  readonly stream: CommandStream;

  constructor(readonly ctx: GpuContext) {
    this.stream = new CommandStream(ctx);
  }

  get device(): GPUDevice {
    return this.ctx.device;
  }

  poolStats(): PoolStats {
    return this.stream.storagePool.getStats();
  }

  fromData(data: ArrayLike<number>, dtype: DType): Storage {
    const s = newStorage(this, data.length, dtype);
    const arr = dtype === 'f32' ? Float32Array.from(data) : dtype === 'i32' ? Int32Array.from(data) : Uint32Array.from(data);
    if (arr.byteLength > 0) this.device.queue.writeBuffer(bufferOf(s), 0, arr);
    return s;
  }

  fill(size: number, value: number, dtype: DType): Storage {
    return fillStorage(this, size, value, dtype);
  }

  async read(s: Storage): Promise<TensorData> {
    if (!s.alive) throw new Error('read of a disposed tensor');
    if (s.size === 0) return s.dtype === 'f32' ? new Float32Array(0) : s.dtype === 'i32' ? new Int32Array(0) : new Uint32Array(0);
    // Keep the storage alive while the copy is in flight even if its tensor is disposed meanwhile.
    s.retain();
    try {
      const bytes = await this.stream.read(bufferOf(s), s.size * 4);
      return s.dtype === 'f32' ? new Float32Array(bytes) : s.dtype === 'i32' ? new Int32Array(bytes) : new Uint32Array(bytes);
    } finally {
      s.release();
    }
  }

  free(s: Storage): void {
    this.stream.storagePool.release(bufferOf(s));
  }

  async sync(): Promise<void> {
    this.stream.submit();
    await this.device.queue.onSubmittedWorkDone();
    await this.ctx.check();
  }

  unary(op: UnaryOp, x: Storage): Storage {
    return unaryOp(this, op, x);
  }

  binary(op: BinaryOp, a: Storage, b: Storage, outShape: readonly number[], as: readonly number[], bs: readonly number[]): Storage {
    return binaryOp(this, op, a, b, outShape, as, bs);
  }

  binaryScalar(op: BinaryOp, x: Storage, scalar: number, scalarFirst: boolean): Storage {
    return binaryScalarOp(this, op, x, scalar, scalarFirst);
  }

  where(c: Storage, a: Storage, b: Storage, shape: readonly number[], cs: readonly number[], as: readonly number[], bs: readonly number[]): Storage {
    return whereOp(this, c, a, b, shape, cs, as, bs);
  }

  reduce(op: ReduceOp, x: Storage, outer: number, r: number, inner: number): Storage {
    return reduceOp(this, op, x, outer, r, inner);
  }

  copyStrided(x: Storage, shape: readonly number[], strides: readonly number[], offset: number): Storage {
    return copyStridedOp(this, x, shape, strides, offset);
  }

  assemble(pieces: readonly Storage[], offsets: readonly number[], size: number, dtype: DType): Storage {
    return assembleOp(this, pieces, offsets, size, dtype);
  }

  padInto(x: Storage, xShape: readonly number[], outShape: readonly number[], starts: readonly number[], steps: readonly number[]): Storage {
    return padIntoOp(this, x, xShape, outShape, starts, steps);
  }

  gatherRows(x: Storage, idx: Storage, k: number, rowSize: number): Storage {
    return gatherRowsOp(this, x, idx, k, rowSize);
  }

  indexAddRows(src: Storage, idx: Storage, k: number, rows: number, rowSize: number, plan?: Storage | null): Storage {
    return indexAddRowsOp(this, src, idx, k, rows, rowSize, plan ?? null);
  }

  matmul(a: Storage, b: Storage, p: MatmulParams): Storage {
    return matmulOp(this, a, b, p);
  }

  conv2d(x: Storage, w: Storage, p: Conv2dParams): Storage {
    return conv2dOp(this, x, w, p);
  }

  conv2dInputGrad(dy: Storage, w: Storage, p: Conv2dParams): Storage {
    return conv2dInputGradOp(this, dy, w, p);
  }

  conv2dWeightGrad(x: Storage, dy: Storage, p: Conv2dParams): Storage {
    return conv2dWeightGradOp(this, x, dy, p);
  }

  avgPool2d(x: Storage, p: Pool2dParams): Storage {
    return avgPool2dOp(this, x, p);
  }

  avgPool2dGrad(dy: Storage, p: Pool2dParams): Storage {
    return avgPool2dGradOp(this, dy, p);
  }

  instanceNorm(x: Storage, weight: Storage, bias: Storage, p: InstanceNormParams): { y: Storage; mean: Storage; rstd: Storage } {
    return instanceNormOp(this, x, weight, bias, p);
  }

  instanceNormGrad(x: Storage, dy: Storage, weight: Storage, bias: Storage, mean: Storage, rstd: Storage, p: InstanceNormParams): { dx: Storage; dweight: Storage; dbias: Storage } {
    return instanceNormGradOp(this, x, dy, weight, bias, mean, rstd, p);
  }

  normalizePlanes(x: Storage, p: NormalizePlanesParams): Storage {
    return normalizePlanesOp(this, x, p);
  }

  normalizePlanesBackward(x: Storage, g: Storage, p: NormalizePlanesParams): Storage {
    return normalizePlanesBackwardOp(this, x, g, p);
  }

  normalizePlanesBackwardGradX(x: Storage, g: Storage, a: Storage, p: NormalizePlanesParams): Storage {
    return normalizePlanesGradXOp(this, x, g, a, p);
  }

  random(kind: 'uniform' | 'normal', size: number, seed: number, offset: number): Storage {
    return randomOp(this, kind, size, seed, offset);
  }

  cast(x: Storage, to: DType): Storage {
    return castOp(this, x, to);
  }
}

/** Creates a device (see DeviceOptions for forcing a backend or adapter) and a backend on it. */
export async function webgpuBackend(options: DeviceOptions = {}): Promise<WebGpuBackend> {
  return new WebGpuBackend(await createGpuContext(options));
}
