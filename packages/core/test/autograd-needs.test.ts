// Gradient rules skip the partials a backward pass does not use (GradContext.needs): asking for one
// input's gradient must give the same values as asking for all of them, to second order, while the
// skipped kernels (a conv's input or weight gradient, a matmul side) are never run. float64 cpu backend.
import { describe, expect, it } from 'vitest';
import { conv2d, cpuBackend, div, grad, matmul, mul, requiresGrad, sum, square, tanh, tensor, type Tensor } from '../src/index.js';
import { Rng } from './util/rng.js';
import './util/allclose.js';

const rng = new Rng(907);
const randn = (r: Rng, shape: number[]) => tensor(r.normal(shape.reduce((a, b) => a * b, 1)), shape, { backend: cpuBackend() });

/** Counts calls of the named backend primitives while fn runs. */
function counting<T>(names: string[], fn: () => T): { result: T; calls: Record<string, number> } {
  const be = cpuBackend() as unknown as Record<string, (...a: unknown[]) => unknown>;
  const calls: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  const originals = names.map((n) => be[n]);
  names.forEach((n, i) => {
    be[n] = (...a: unknown[]) => {
      calls[n]++;
      return originals[i].apply(be, a);
    };
  });
  try {
    return { result: fn(), calls };
  } finally {
    names.forEach((n, i) => (be[n] = originals[i]));
  }
}

async function same(a: Tensor, b: Tensor): Promise<void> {
  expect(await a.toArray()).toBeAllClose(await b.toArray(), { rtol: 1e-12, atol: 1e-12 });
}

describe('rules skip unneeded partials', () => {
  const loss = (x: Tensor, w: Tensor) => sum(square(tanh(conv2d(x, w, null, { padding: 1 }))));

  it('conv2d: the weight gradient alone runs no input-gradient convolution, and equals the full one', async () => {
    const x = requiresGrad(randn(rng, [2, 3, 6, 5]));
    const w = requiresGrad(randn(rng, [4, 3, 3, 3]));
    const [gxFull, gwFull] = grad(loss(x, w), [x, w]);
    const { result, calls } = counting(['conv2dInputGrad', 'conv2dWeightGrad'], () => grad(loss(x, w), [w]));
    expect(calls).toEqual({ conv2dInputGrad: 0, conv2dWeightGrad: 1 });
    await same(result[0], gwFull);
    const onlyX = counting(['conv2dInputGrad', 'conv2dWeightGrad'], () => grad(loss(x, w), [x]));
    expect(onlyX.calls).toEqual({ conv2dInputGrad: 1, conv2dWeightGrad: 0 });
    await same(onlyX.result[0], gxFull);
  });

  it('second order: a Hessian-vector product through a first pass that skipped the input gradient', async () => {
    const x = requiresGrad(randn(rng, [2, 3, 6, 5]));
    const w = requiresGrad(randn(rng, [4, 3, 3, 3]));
    const v = randn(rng, [4, 3, 3, 3]);
    // The first pass asks for w only (PAD's student step); the second differentiates <g, v> w.r.t. x and w.
    const [gw] = grad(loss(x, w), [w], { createGraph: true });
    const [hx, hw] = grad(gw, [x, w], { gradOutputs: [v] });
    const [gw2] = grad(loss(x, w), [x, w], { createGraph: true }).slice(1);
    const [hx2, hw2] = grad(gw2, [x, w], { gradOutputs: [v] });
    await same(hx, hx2);
    await same(hw, hw2);
  });

  it('matmul: one side asked, one product computed', async () => {
    const a = requiresGrad(randn(rng, [3, 4]));
    const b = requiresGrad(randn(rng, [4, 5]));
    const f = (p: Tensor, q: Tensor) => sum(square(div(mul(matmul(p, q), 1.5), 2.5)));
    const [ga, gb] = grad(f(a, b), [a, b]);
    const onlyA = counting(['matmul'], () => grad(f(a, b), [a]));
    expect(onlyA.calls.matmul).toBe(2); // the forward product and dA only
    await same(onlyA.result[0], ga);
    await same(grad(f(a, b), [b])[0], gb);
  });

  it('mul and div of tensors: the unasked operand\'s side runs no kernel', async () => {
    const a = requiresGrad(randn(rng, [3, 4]));
    const c = requiresGrad(randn(rng, [3, 4]));
    const d = requiresGrad(tensor(rng.normal(12).map((v) => Math.abs(v) + 0.5), [3, 4], { backend: cpuBackend() }));
    const loss = () => sum(div(mul(a, c), d));
    // Backward binaries: div gives dy / d for its numerator (and dy·n/d² for d: 2 more); mul gives dy·c
    // for a (and dy·a for c: 1 more).
    const all = counting(['binary'], () => grad(loss(), [a, c, d]).slice(0, 1)[0]);
    const onlyA = counting(['binary'], () => grad(loss(), [a])[0]);
    expect(all.calls.binary - onlyA.calls.binary).toBe(3);
    await same(onlyA.result, all.result);
  });
});
