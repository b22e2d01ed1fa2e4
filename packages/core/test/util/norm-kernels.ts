// Shared by the WebGPU instance-norm kernel tests (webgpu-instance-norm*.test.ts): the tunings every
// kernel runs under, and the comparison helpers with the tolerance those files state.
import { type Backend, type Storage, type Tensor, grad, mul, requiresGrad, sum, tensor, tidy } from '../../src/index.js';
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

/** An op under test: (x, weight, bias) -> y. */
export type NormOp = (x: Tensor, w: Tensor, b: Tensor) => Tensor;

/**
 * Output and the gradients of <y², v> in x, weight and bias on one backend; with createGraph also a
 * Hessian-vector product in x along u. `v` has y's size, `u` x's. The caller disposes the tensors.
 */
export function opOutputAndGrads(
  be: Backend, op: NormOp, shape: number[], data: { x: Float32Array; w: Float32Array; b: Float32Array; v: Float32Array; u: Float32Array }, createGraph: boolean,
): Tensor[] {
  return tidy(() => {
    const c = shape[1];
    const x = requiresGrad(tensor(data.x, shape, { backend: be }));
    const w = requiresGrad(tensor(data.w, [c], { backend: be }));
    const b = requiresGrad(tensor(data.b, [c], { backend: be }));
    const y = op(x, w, b);
    const loss = sum(mul(mul(y, y), tensor(data.v, y.shape, { backend: be })));
    const gs = grad(loss, [x, w, b], { createGraph });
    if (!createGraph) return [y, ...gs];
    const [hv] = grad(sum(mul(gs[0], tensor(data.u, shape, { backend: be }))), [x]);
    return [y, ...gs, hv];
  });
}
