import type { Backend, BinaryOp, Conv2dParams, DType, MatmulParams, Pool2dParams, ReduceOp, TensorData, UnaryOp } from '../backend.js';
import { createGpuContext, type DeviceOptions, type GpuContext } from '../../device/device.js';
import type { Storage } from '../../tensor/storage.js';
import type { PoolStats } from './buffer-pool.js';
import { CommandStream } from './command-stream.js';
import { bufferOf, newStorage } from './gpu-storage.js';
import { binaryOp, binaryScalarOp, fillStorage, unaryOp } from './elementwise.js';

function todo(what: string): never {
  throw new Error(`webgpu backend: ${what} is not implemented yet`);
}

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

  where(_c: Storage, _a: Storage, _b: Storage, _s: readonly number[], _cs: readonly number[], _as: readonly number[], _bs: readonly number[]): Storage {
    return todo('where');
  }

  reduce(_op: ReduceOp, _x: Storage, _outer: number, _r: number, _inner: number): Storage {
    return todo('reduce');
  }

  copyStrided(_x: Storage, _shape: readonly number[], _strides: readonly number[], _offset: number): Storage {
    return todo('copyStrided');
  }

  padInto(_x: Storage, _xs: readonly number[], _os: readonly number[], _starts: readonly number[], _steps: readonly number[]): Storage {
    return todo('padInto');
  }

  gatherRows(_x: Storage, _idx: Storage, _k: number, _rowSize: number): Storage {
    return todo('gatherRows');
  }

  indexAddRows(_src: Storage, _idx: Storage, _k: number, _rows: number, _rowSize: number): Storage {
    return todo('indexAddRows');
  }

  matmul(_a: Storage, _b: Storage, _p: MatmulParams): Storage {
    return todo('matmul');
  }

  conv2d(_x: Storage, _w: Storage, _p: Conv2dParams): Storage {
    return todo('conv2d');
  }

  conv2dInputGrad(_dy: Storage, _w: Storage, _p: Conv2dParams): Storage {
    return todo('conv2dInputGrad');
  }

  conv2dWeightGrad(_x: Storage, _dy: Storage, _p: Conv2dParams): Storage {
    return todo('conv2dWeightGrad');
  }

  avgPool2d(_x: Storage, _p: Pool2dParams): Storage {
    return todo('avgPool2d');
  }

  avgPool2dGrad(_dy: Storage, _p: Pool2dParams): Storage {
    return todo('avgPool2dGrad');
  }

  random(_kind: 'uniform' | 'normal', _size: number, _seed: number, _offset: number): Storage {
    return todo('random');
  }

  cast(_x: Storage, _to: DType): Storage {
    return todo('cast');
  }
}

/** Creates a device (see DeviceOptions for forcing a backend or adapter) and a backend on it. */
export async function webgpuBackend(options: DeviceOptions = {}): Promise<WebGpuBackend> {
  return new WebGpuBackend(await createGpuContext(options));
}
