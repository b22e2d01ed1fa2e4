import { add, cpuBackend, grad, mul, mean, requiresGrad, reshape, rsqrt, square, sub, sum, tensor, tidy, type Tensor } from '../../src/index.js';
import { type Rng, sizeOfShape } from './rng.js';

/**
 * GroupNorm(C, C) (instance norm with affine) for NCHW from composite ops, folded so the big tensor sees
 * three broadcast ops (centre, scale, shift) instead of four: y = (x - mean) * (rstd * weight) + bias,
 * statistics per (sample, channel) with the biased variance of the centred values and eps 1e-5, as
 * PyTorch computes. Models use the fused op instead (ops/norm.ts: one kernel forward, one backward;
 * ConvNet-3's training step went from 201 to 109 dispatches); this is the reference the tests
 * compare it with.
 */
export function instanceNorm2dComposite(x: Tensor, weight: Tensor, bias: Tensor, eps = 1e-5): Tensor {
  const [n, c, h, w] = x.shape;
  const g = reshape(x, [n, c, h * w]);
  const centred = sub(g, mean(g, 2, true));
  const rstd = rsqrt(add(mean(square(centred), 2, true), eps));
  const y = add(mul(centred, mul(rstd, reshape(weight, [1, c, 1]))), reshape(bias, [1, c, 1]));
  return reshape(y, x.shape);
}

// The harness both fused-norm test files (instance-norm*.test.ts) compare the fused ops with the
// composite through: float64 cpu backend, inputs drawn from the caller's seeded Rng.

/** A fused or composite norm op: (x, weight, bias, eps) -> y. */
export type Norm = (x: Tensor, w: Tensor, b: Tensor, eps?: number) => Tensor;

export interface NormCase {
  shape: number[];
  eps: number;
  /** Mean and scale of x: an offset far from zero tests the centred (two-pass) variance. */
  offset: number;
  scale: number;
}

export interface NormInputs {
  x: Float64Array;
  w: Float64Array;
  b: Float64Array;
}

export function normInputs(rng: Rng, c: NormCase): NormInputs {
  const ch = c.shape[1];
  return { x: rng.normal(sizeOfShape(c.shape), c.scale).map((v) => v + c.offset), w: rng.normal(ch), b: rng.normal(ch) };
}

const cpu = cpuBackend();
const read = (t: Tensor) => Float64Array.from(cpu.readSync(t.storage));

/**
 * Output, then the gradients of <f(x, w, b), v> in the inputs listed by `wrt` (0 x, 1 weight, 2 bias;
 * default all three), with or without createGraph.
 */
export function outputAndGrads(f: Norm, c: NormCase, d: NormInputs, v: Float64Array, createGraph: boolean, wrt = [0, 1, 2]): Float64Array[] {
  return tidy(() => {
    const ch = c.shape[1];
    const ins = [tensor(d.x, c.shape, { backend: cpu }), tensor(d.w, [ch], { backend: cpu }), tensor(d.b, [ch], { backend: cpu })].map((t) => requiresGrad(t));
    const y = f(ins[0], ins[1], ins[2], c.eps);
    const gs = grad(y, wrt.map((i) => ins[i]), { gradOutputs: [tensor(v, y.shape, { backend: cpu })], createGraph });
    return [read(y), ...gs.map(read)];
  });
}

/**
 * For L = <f(x, w, b), v> + ½ |f(x, w, b)|² (not linear in y, so the Hessian couples x with itself
 * through the norm): the Hessian-vector product in (x, w, b) along u, and a third derivative,
 * d/dx <d/dx <grad_x L, u>, u2>. `v` has f's output size; u.x and u2 x's.
 */
export function hvpAndThirdDerivative(f: Norm, shape: number[], d: NormInputs, v: Float64Array, u: NormInputs, u2: Float64Array): Float64Array[] {
  return tidy(() => {
    const c = shape[1];
    const t = (a: Float64Array, s: readonly number[]) => tensor(a, s, { backend: cpu });
    const [x, w, b] = [t(d.x, shape), t(d.w, [c]), t(d.b, [c])].map((l) => requiresGrad(l));
    const y = f(x, w, b);
    const loss = add(sum(mul(y, t(v, y.shape))), mul(0.5, sum(mul(y, y))));
    const gs = grad(loss, [x, w, b], { createGraph: true });
    const gu = add(add(sum(mul(gs[0], t(u.x, shape))), sum(mul(gs[1], t(u.w, [c])))), sum(mul(gs[2], t(u.b, [c]))));
    const hv = grad(gu, [x, w, b], { createGraph: true });
    const [third] = grad(sum(mul(hv[0], t(u2, shape))), [x]);
    return [...hv.map(read), read(third)];
  });
}
