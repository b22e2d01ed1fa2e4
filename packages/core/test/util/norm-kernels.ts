// Shared by the WebGPU instance-norm kernel tests (webgpu-instance-norm*.test.ts): the tunings every
// kernel runs under, and the comparison helpers with the tolerance those files state.
import type { Storage } from '../../src/index.js';
import { INSTANCE_NORM_TUNING, type InstanceNormTuning } from '../../src/backend/webgpu/norm.js';
import { assertAllClose } from './allclose.js';
import type { Rng } from './rng.js';

// vec4 kernels run where the shape allows unless a tuning turns them off, so each tuning covers both
// element types over a test's shapes.
export const NORM_TUNINGS: [string, InstanceNormTuning][] = [
  ['lanes 1 (cpu preset)', INSTANCE_NORM_TUNING.cpuAdapter],
  ['lanes 1 f32 only', { workgroup: 64, lanes: () => 1, vec4: false }],
  ['gpu preset', INSTANCE_NORM_TUNING.gpuAdapter],
  ['lanes 4', { workgroup: 64, lanes: () => 4 }],
  ['lanes 64 f32 only', { workgroup: 64, lanes: () => 64, vec4: false }],
  ['wg 256 lanes 32', { workgroup: 256, lanes: () => 32 }],
];

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** |got - want| <= 1e-4 · |want| + 2e-5 · magnitude: by default the largest expected value, for dx the size of its terms. */
export function close(got: ArrayLike<number>, want: ArrayLike<number>, what: string, magnitude = maxAbs(want)): void {
  assertAllClose(got, want, { rtol: 1e-4, atol: 2e-5 * magnitude }, what);
}

/** Non-zero float32 normals scaled and offset (an offset far from zero tests the centred variance). */
export function values(rng: Rng, n: number, scale = 1, offset = 0): Float32Array {
  return Float32Array.from(rng.normal(n), (v) => (Math.abs(v) < 1e-3 ? 0.5 : v) * scale + offset);
}

/** Reads storages back and releases them. */
export async function readAll(be: { read(s: Storage): Promise<ArrayLike<number>> }, ss: Storage[]): Promise<ArrayLike<number>[]> {
  const out = await Promise.all(ss.map((s) => be.read(s)));
  for (const s of ss) s.release();
  return out;
}
