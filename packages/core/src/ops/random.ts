import { getBackend } from '../backend/registry.js';
import type { Backend } from '../backend/backend.js';
import { Tensor } from '../tensor/tensor.js';
import { assertShape, type Shape, sizeOf } from '../tensor/shape.js';
import { streamKey, uniformAt } from '../random/counter-hash.js';
import { tensor } from './creation.js';

export interface RandomOptions {
  seed: number;
  /** First counter of the stream, so one seed can feed several draws without overlap. */
  offset?: number;
  backend?: Backend;
}

function draw(kind: 'uniform' | 'normal', shape: Shape, opts: RandomOptions): Tensor {
  assertShape(shape);
  if (!Number.isInteger(opts.seed)) throw new Error(`random: seed must be an integer, got ${opts.seed}`);
  const backend = opts.backend ?? getBackend();
  return new Tensor(backend.random(kind, sizeOf(shape), opts.seed >>> 0, opts.offset ?? 0), shape);
}

/** scale * t + shift on raw storage (random draws are constants, so no graph is needed). */
function affine(t: Tensor, scale: number, shift: number): Tensor {
  if (scale === 1 && shift === 0) return t;
  const be = t.backend;
  const scaled = be.binaryScalar('mul', t.storage, scale, false);
  const shifted = be.binaryScalar('add', scaled, shift, false);
  scaled.release();
  const out = new Tensor(shifted, t.shape);
  t.dispose();
  return out;
}

/** U[low, high) from the counter-based generator (same numbers on every backend). */
export function randomUniform(shape: Shape, opts: RandomOptions & { low?: number; high?: number }): Tensor {
  const low = opts.low ?? 0;
  return affine(draw('uniform', shape, opts), (opts.high ?? 1) - low, low);
}

export function randomNormal(shape: Shape, opts: RandomOptions & { mean?: number; std?: number }): Tensor {
  return affine(draw('normal', shape, opts), opts.std ?? 1, opts.mean ?? 0);
}

/** Host-side draws for indices (small): integers in [low, high) as an i32 tensor. */
export function randint(low: number, high: number, shape: Shape, opts: RandomOptions): Tensor {
  const n = sizeOf(shape);
  const key = streamKey(opts.seed);
  const off = opts.offset ?? 0;
  const v = new Int32Array(n);
  for (let i = 0; i < n; i++) v[i] = low + Math.floor(uniformAt(key, off + i) * (high - low));
  return tensor(v, shape, { dtype: 'i32', backend: opts.backend });
}

/** A seeded permutation of 0..n-1 (host-side Fisher-Yates driven by the counter hash). */
export function randpermArray(n: number, seed: number, offset = 0): Int32Array {
  const key = streamKey(seed);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(uniformAt(key, offset + i) * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

export function randperm(n: number, opts: RandomOptions): Tensor {
  return tensor(randpermArray(n, opts.seed, opts.offset), [n], { dtype: 'i32', backend: opts.backend });
}
