// The fused instance norm op (ops/norm.ts) on the float64 cpu backend: forward and gradients equal the
// composite-op version (test/util/composite-norm.ts) to 1e-10, the fused first-order backward and
// the differentiable createGraph fallback agree, finite-difference checks pass to second order, a
// Hessian-vector product and a third derivative match the composite's, and nothing leaks.
import { describe, expect, it } from 'vitest';
import {
  add, cpuBackend, grad, instanceNorm, instanceNorm2d, instanceNormRelu2d, liveStorageStats, relu, liveTensorHandles, mul, noGrad, requiresGrad, sum, tensor, tidy,
  type Tensor,
} from '../src/index.js';
import { instanceNorm2dComposite } from './util/composite-norm.js';
import { assertAllClose } from './util/allclose.js';
import { checkGrads, randn } from './util/gradcheck.js';
import { Rng, sizeOfShape } from './util/rng.js';

const be = cpuBackend();
const rng = new Rng(811);
const read = (t: Tensor) => Float64Array.from(be.readSync(t.storage));
const TIGHT = { rtol: 1e-10, atol: 1e-12 };

type Norm = (x: Tensor, w: Tensor, b: Tensor, eps?: number) => Tensor;
const fused: Norm = instanceNorm2d;
const composite: Norm = instanceNorm2dComposite;
// The fused norm -> ReLU against relu() of the composite.
const fusedRelu: Norm = instanceNormRelu2d;
const compositeRelu: Norm = (x, w, b, eps) => relu(instanceNorm2dComposite(x, w, b, eps));

interface Case {
  shape: number[];
  eps: number;
  /** Mean and scale of x: an offset far from zero tests the centred (two-pass) variance. */
  offset: number;
  scale: number;
}

const CASES: Case[] = [
  { shape: [3, 5, 7, 9], eps: 1e-5, offset: 0, scale: 1 },
  { shape: [2, 3, 1, 1], eps: 1e-5, offset: 0, scale: 1 },
  { shape: [1, 2, 1, 5], eps: 1e-3, offset: 0.5, scale: 2 },
  { shape: [2, 4, 4, 4], eps: 0.5, offset: -3, scale: 0.1 },
  { shape: [1, 1, 64, 65], eps: 1e-5, offset: 100, scale: 1 },
];

function inputs(c: Case): { x: Float64Array; w: Float64Array; b: Float64Array } {
  const ch = c.shape[1];
  return {
    x: rng.normal(sizeOfShape(c.shape), c.scale).map((v) => v + c.offset),
    w: rng.normal(ch),
    b: rng.normal(ch),
  };
}

/** Output, then gradients in x, weight and bias of <f(x, w, b), v>, with or without createGraph. */
function outputAndGrads(f: Norm, c: Case, d: ReturnType<typeof inputs>, v: Float64Array, createGraph: boolean): Float64Array[] {
  return tidy(() => {
    const ch = c.shape[1];
    const x = requiresGrad(tensor(d.x, c.shape, { backend: be }));
    const w = requiresGrad(tensor(d.w, [ch], { backend: be }));
    const b = requiresGrad(tensor(d.b, [ch], { backend: be }));
    const y = f(x, w, b, c.eps);
    const gs = grad(y, [x, w, b], { gradOutputs: [tensor(v, c.shape, { backend: be })], createGraph });
    return [read(y), ...gs.map(read)];
  });
}

describe('instanceNorm2d (fused) against the composite ops, float64', () => {
  for (const c of CASES) {
    const name = `[${c.shape}] eps ${c.eps} offset ${c.offset}`;
    it(`${name}: output and first-order gradients (fused backward and createGraph fallback) to 1e-10`, () => {
      const d = inputs(c);
      const v = rng.normal(sizeOfShape(c.shape));
      const ref = outputAndGrads(composite, c, d, v, false);
      const what = ['y', 'dx', 'dweight', 'dbias'];
      for (const createGraph of [false, true]) {
        const got = outputAndGrads(fused, c, d, v, createGraph);
        got.forEach((g, i) => assertAllClose(g, ref[i], TIGHT, `${name} ${what[i]} (createGraph ${createGraph})`));
      }
      const refRelu = outputAndGrads(compositeRelu, c, d, v, false);
      for (const createGraph of [false, true]) {
        const got = outputAndGrads(fusedRelu, c, d, v, createGraph);
        got.forEach((g, i) => assertAllClose(g, refRelu[i], TIGHT, `${name} with ReLU ${what[i]} (createGraph ${createGraph})`));
      }
    });
  }

  it('gradients of a subset of the inputs (the rest skipped) equal the composite, both backward paths', () => {
    const c = CASES[0];
    const d = inputs(c);
    const v = rng.normal(sizeOfShape(c.shape));
    for (const subset of [[0], [1], [2], [1, 2], [0, 2]]) {
      for (const createGraph of [false, true]) {
        const [ref, got] = [composite, fused].map((f) =>
          tidy(() => {
            const ts = [tensor(d.x, c.shape, { backend: be }), tensor(d.w, [5], { backend: be }), tensor(d.b, [5], { backend: be })].map((t) => requiresGrad(t));
            const y = f(ts[0], ts[1], ts[2], c.eps);
            return grad(y, subset.map((i) => ts[i]), { gradOutputs: [tensor(v, c.shape, { backend: be })], createGraph }).map(read);
          }),
        );
        got.forEach((g, i) => assertAllClose(g, ref[i], TIGHT, `input ${subset[i]} of [${subset}] (createGraph ${createGraph})`));
      }
    }
  });

  it('matches the functional instanceNorm and, without autodiff, records nothing', () => {
    const c = CASES[0];
    const d = inputs(c);
    tidy(() => {
      const x = tensor(d.x, c.shape, { backend: be });
      const w = tensor(d.w, [c.shape[1]], { backend: be });
      const b = tensor(d.b, [c.shape[1]], { backend: be });
      assertAllClose(read(fused(x, w, b)), read(instanceNorm(x, w, b)), TIGHT, 'vs functional instanceNorm');
      const y = noGrad(() => fused(requiresGrad(x.detach()), w, b));
      expect(y.requiresGrad).toBe(false);
      return null;
    });
  });

  it('rejects bad shapes with a message', () => {
    tidy(() => {
      const x = tensor(rng.normal(24), [2, 3, 2, 2], { backend: be });
      const w = tensor(rng.normal(3), [3], { backend: be });
      expect(() => fused(x, tensor(rng.normal(2), [2], { backend: be }), w)).toThrow(/weight \[2\] and bias \[3\] must both be \[3\]/);
      expect(() => fused(tensor(rng.normal(6), [2, 3], { backend: be }), w, w)).toThrow(/must be NCHW/);
      return null;
    });
  });
});

describe('instanceNorm2d (fused): finite differences, first and second order', () => {
  it('in x, weight and bias at eps 1e-5', () => {
    checkGrads((x, w, b) => instanceNorm2d(x, w, b), [randn(rng, [2, 3, 3, 4]), randn(rng, [3]), randn(rng, [3])], { name: 'instanceNorm2d' });
  });
  it('with the fused ReLU', () => {
    checkGrads((x, w, b) => instanceNormRelu2d(x, w, b), [randn(rng, [2, 3, 3, 4]), randn(rng, [3]), randn(rng, [3])], { name: 'instanceNormRelu2d' });
  });
  it('odd planes (1x5 and 3x1) and eps 0.1', () => {
    checkGrads((x, w, b) => instanceNorm2d(x, w, b, 0.1), [randn(rng, [3, 2, 1, 5]), randn(rng, [2]), randn(rng, [2])], { name: 'instanceNorm2d 1x5' });
    checkGrads((x, w, b) => instanceNorm2d(x, w, b, 0.1), [randn(rng, [1, 4, 3, 1]), randn(rng, [4]), randn(rng, [4])], { name: 'instanceNorm2d 3x1' });
  });
});

describe('instanceNorm2d (fused): higher orders equal the composite', () => {
  const shape = [2, 3, 4, 5];
  const d = { x: rng.normal(sizeOfShape(shape)), w: rng.normal(3), b: rng.normal(3) };
  const v = rng.normal(sizeOfShape(shape));
  const u = { x: rng.normal(sizeOfShape(shape)), w: rng.normal(3), b: rng.normal(3) };
  const u2 = rng.normal(sizeOfShape(shape));

  /** A loss that is not linear in y (so the Hessian couples x with itself through the norm). */
  const loss = (f: Norm, x: Tensor, w: Tensor, b: Tensor) => {
    const y = f(x, w, b);
    return add(sum(mul(y, tensor(v, shape, { backend: be }))), mul(0.5, sum(mul(y, y))));
  };
  const leaves = () => [
    requiresGrad(tensor(d.x, shape, { backend: be })), requiresGrad(tensor(d.w, [3], { backend: be })), requiresGrad(tensor(d.b, [3], { backend: be })),
  ];

  /** Hessian-vector product in (x, w, b) along u, and a third derivative: d/dx <d/dx <grad_x L, u>, u2>. */
  function derivatives(f: Norm): Float64Array[] {
    return tidy(() => {
      const [x, w, b] = leaves();
      const gs = grad(loss(f, x, w, b), [x, w, b], { createGraph: true });
      const gu = add(add(sum(mul(gs[0], tensor(u.x, shape, { backend: be }))), sum(mul(gs[1], tensor(u.w, [3], { backend: be })))), sum(mul(gs[2], tensor(u.b, [3], { backend: be }))));
      const hv = grad(gu, [x, w, b], { createGraph: true });
      const [third] = grad(sum(mul(hv[0], tensor(u2, shape, { backend: be }))), [x]);
      return [...hv.map(read), read(third)];
    });
  }

  it('Hessian-vector product (reverse over reverse) and a third derivative, to 1e-10', () => {
    const before = liveStorageStats().storages;
    const handles = liveTensorHandles();
    const ref = derivatives(composite);
    const got = derivatives(fused);
    ['Hv x', 'Hv weight', 'Hv bias', 'third derivative x'].forEach((what, i) => assertAllClose(got[i], ref[i], { rtol: 1e-9, atol: 1e-11 }, what));
    const refRelu = derivatives(compositeRelu);
    const gotRelu = derivatives(fusedRelu);
    ['Hv x', 'Hv weight', 'Hv bias', 'third derivative x'].forEach((what, i) => assertAllClose(gotRelu[i], refRelu[i], { rtol: 1e-9, atol: 1e-11 }, `${what} with ReLU`));
    expect(liveStorageStats().storages).toBe(before);
    expect(liveTensorHandles()).toBe(handles);
  });
});

describe('instanceNorm2d (fused): lifetimes', () => {
  it('a forward and a plain backward leave no storage or handle behind; a no-grad forward neither', () => {
    const c = CASES[0];
    const d = inputs(c);
    const start = { ...liveStorageStats(), handles: liveTensorHandles() };
    for (let i = 0; i < 5; i++) {
      tidy(() => {
        const x = requiresGrad(tensor(d.x, c.shape, { backend: be }));
        const w = requiresGrad(tensor(d.w, [5], { backend: be }));
        const b = tensor(d.b, [5], { backend: be });
        grad(sum(mul(fused(x, w, b), fused(x, w, b))), [x, w]);
        noGrad(() => fused(x, w, b));
        return null;
      });
    }
    // A graph dropped without any backward frees its saved x, weight and statistics too.
    tidy(() => {
      const x = requiresGrad(tensor(d.x, c.shape, { backend: be }));
      fused(x, tensor(d.w, [5], { backend: be }), tensor(d.b, [5], { backend: be }));
      return null;
    });
    expect({ ...liveStorageStats(), handles: liveTensorHandles() }).toEqual(start);
  });
});
