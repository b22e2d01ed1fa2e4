/**
 * Runs one primitive on the float64 CPU reference and on WebGPU with identical inputs. Inputs are
 * float32 values (or integers), so both backends start from exactly the same numbers.
 */
import type { Backend, DType, Storage, TensorData } from '../../src/index.js';

export interface Pair {
  cpu: Backend;
  gpu: Backend;
}

/** Uploads the same values to both backends. */
export function upload(pair: Pair, values: ArrayLike<number>, dtype: DType = 'f32'): [Storage, Storage] {
  return [pair.cpu.fromData(values, dtype), pair.gpu.fromData(values, dtype)];
}

/** Applies `fn` on each backend to its own storages, reads both results and releases everything. */
export async function onBoth(pair: Pair, inputs: [Storage, Storage][], fn: (be: Backend, xs: Storage[]) => Storage): Promise<{ cpu: TensorData; gpu: TensorData }> {
  const outC = fn(pair.cpu, inputs.map((p) => p[0]));
  const outG = fn(pair.gpu, inputs.map((p) => p[1]));
  try {
    return { cpu: await pair.cpu.read(outC), gpu: await pair.gpu.read(outG) };
  } finally {
    outC.release();
    outG.release();
  }
}

export function releaseAll(...pairs: [Storage, Storage][]): void {
  for (const [c, g] of pairs) {
    c.release();
    g.release();
  }
}

/** Index of the first element that differs (by Object.is, so NaN equals NaN), or -1. */
export function firstMismatch(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i]) && !(a[i] === 0 && b[i] === 0)) return i;
  return -1;
}
