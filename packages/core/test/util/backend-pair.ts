/**
 * Runs one primitive on the float64 CPU reference and on WebGPU with identical inputs, plus the random
 * inputs and shapes the WebGPU kernel tests share. Inputs are float32 values (or integers), so both
 * backends start from exactly the same numbers.
 */
import { expect } from 'vitest';
import type { Backend, DType, Storage, TensorData } from '../../src/index.js';
import type { Rng } from './rng.js';

export interface Pair {
  cpu: Backend;
  gpu: Backend;
}

/** Uploads the same values to both backends. */
export function upload(pair: Pair, values: ArrayLike<number>, dtype: DType = 'f32'): [Storage, Storage] {
  return [pair.cpu.fromData(values, dtype), pair.gpu.fromData(values, dtype)];
}

/** Applies `fn` on each backend to its own storages, reads both results and releases them. */
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

/** Asserts that both backends give bit-equal results (data movement, selections). */
export async function expectSame(pair: Pair, fn: (be: Backend, xs: Storage[]) => Storage, inputs: [Storage, Storage][], what: string): Promise<void> {
  const { cpu, gpu } = await onBoth(pair, inputs, fn);
  expect(gpu.length, what).toBe(cpu.length);
  const at = firstMismatch(gpu, cpu);
  expect(at, `${what}: first mismatch at ${at} (gpu ${gpu[at]}, cpu ${cpu[at]})`).toBe(-1);
}

export function releaseAll(...pairs: [Storage, Storage][]): void {
  for (const [c, g] of pairs) {
    c.release();
    g.release();
  }
}

/** Index of the first element that differs (NaN equals NaN, +0 equals -0), or -1. */
export function firstMismatch(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i]) && !(a[i] === 0 && b[i] === 0)) return i;
  return -1;
}

/** Random values of a dtype: float32 normals with some exact zeros, or integers over the full range. */
export function randomValues(rng: Rng, n: number, dtype: DType = 'f32'): ArrayLike<number> {
  if (dtype === 'f32') return Float32Array.from(rng.normal(n), (v, i) => (i % 17 === 5 ? 0 : v));
  const ints = Int32Array.from({ length: n }, () => Math.floor((rng.next() - 0.5) * 2 ** 32));
  return dtype === 'i32' ? ints : Uint32Array.from(ints);
}

/** A random shape of the given rank (1..6) whose size stays small (sizes up to 33 at low rank). */
export function randomShape(rng: Rng, rank: number): number[] {
  const maxDim = [33, 33, 17, 9, 5, 4][rank - 1];
  return Array.from({ length: rank }, () => 1 + Math.floor(rng.next() * maxDim));
}

/** An operand shape that broadcasts to `out`: some leading dimensions dropped, some kept at 1. */
export function broadcastOperandShape(rng: Rng, out: readonly number[]): number[] {
  const lead = Math.floor(rng.next() * out.length);
  return out.slice(lead).map((d) => (rng.next() < 0.4 ? 1 : d));
}
