/**
 * Helpers for PAD's fused kernels: each one is a standalone function that dispatches its WGSL kernel on
 * the WebGPU backend and computes the same thing in plain float64 JS on the CPU backend, so the generic
 * Backend interface stays the set of primitives every op builds on.
 */
import type { Backend } from '../../backend/backend.js';
import type { WebGpuBackend } from '../../backend/webgpu/webgpu-backend.js';
import type { Storage } from '../../tensor/storage.js';
import type { Tensor } from '../../tensor/tensor.js';

export function asWebGpu(be: Backend): WebGpuBackend | null {
  return be.name === 'webgpu' ? (be as WebGpuBackend) : null;
}

/** The float64 (or int) array behind a CPU storage; no copy. */
export function cpuArray(s: Storage): Float64Array | Int32Array {
  if (s.backend.name !== 'cpu') throw new Error(`expected a cpu storage, got ${s.backend.name}`);
  return s.payload as Float64Array | Int32Array;
}

export function checkSame(op: string, ts: readonly Tensor[]): Backend {
  const be = ts[0].backend;
  for (const t of ts) {
    if (t.backend !== be) throw new Error(`${op}: operands live on different backends (${be.name} and ${t.backend.name})`);
  }
  return be;
}

export function checkF32(op: string, ts: readonly Tensor[]): void {
  for (const t of ts) if (t.dtype !== 'f32') throw new Error(`${op}: expected f32, got ${t.dtype} [${t.shape}]`);
}
