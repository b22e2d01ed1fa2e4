import type { DType } from '../backend.js';
import { Storage } from '../../tensor/storage.js';
import type { WebGpuBackend } from './webgpu-backend.js';

export function bufferOf(s: Storage): GPUBuffer {
  return s.payload as GPUBuffer;
}

/** A fresh pooled buffer for `size` 32-bit elements, wrapped as storage of this backend. */
export function newStorage(be: WebGpuBackend, size: number, dtype: DType): Storage {
  return new Storage(be, size, dtype, be.stream.storagePool.acquire(size * 4));
}

/** Workgroups for one invocation per element at 256 invocations a workgroup. */
export function elementwiseGrid(n: number): number {
  return Math.ceil(n / 256);
}
