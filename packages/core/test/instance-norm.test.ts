// The fused instance norm op (ops/norm.ts) on the float64 cpu backend: forward and gradients equal the
// composite-op version (test/util/composite-norm.ts) to 1e-10, the fused first-order backward and
// the differentiable createGraph fallback agree, finite-difference checks pass to second order, a
// Hessian-vector product and a third derivative match the composite's, and nothing leaks.
import { describe, expect, it } from 'vitest';
import {
  add, cpuBackend, grad, instanceNorm, instanceNorm2d, instanceNormRelu2d, liveStorageStats, relu, liveTensorHandles, mul, noGrad, requiresGrad, sum, tensor, tidy,
  type Tensor,
} from '../src/index.js';
import { type Norm, type NormCase, hvpAndThirdDerivative, instanceNorm2dComposite, normInputs, outputAndGrads } from './util/composite-norm.js';
import { assertAllClose } from './util/allclose.js';
import { checkGrads, randn } from './util/gradcheck.js';
import { Rng, sizeOfShape } from './util/rng.js';

const be = cpuBackend();
const rng = new Rng(811);
const read = (t: Tensor) => Float64Array.from(be.readSync(t.storage));
const TIGHT = { rtol: 1e-10, atol: 1e-12 };

const fused: Norm = instanceNorm2d;
const composite: Norm = instanceNorm2dComposite;
// The fused norm -> ReLU against relu() of the composite.
const fusedRelu: Norm = instanceNormRelu2d;
const compositeRelu: Norm = (x, w, b, eps) => relu(instanceNorm2dComposite(x, w, b, eps));


const CASES: NormCase[] = [
  { shape: [3, 5, 7, 9], eps: 1e-5, offset: 0, scale: 1 },
  { shape: [2, 3, 1, 1], eps: 1e-5, offset: 0, scale: 1 },
  { shape: [1, 2, 1, 5], eps: 1e-3, offset: 0.5, scale: 2 },
  { shape: [2, 4, 4, 4], eps: 0.5, offset: -3, scale: 0.1 },
  { shape: [1, 1, 64, 65], eps: 1e-5, offset: 100, scale: 1 },
];

describe('instanceNorm2d (fused) against the composite ops, float64', () => {
  for (const c of CASES) {
    const name = `[${c.shape}] eps ${c.eps} offset ${c.offset}`;
    it(`${name}: output and first-order gradients (fused backward and createGraph fallback) to 1e-10`, () => {
      const d = normInputs(rng, c);
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
    const d = normInputs(rng, c);
    const v = rng.normal(sizeOfShape(c.shape));
    for (const subset of [[0], [1], [2], [1, 2], [0, 2]]) {
      for (const createGraph of [false, true]) {
        const [ref, got] = [composite, fused].map((f) => outputAndGrads(f, c, d, v, createGraph, subset).slice(1));
        got.forEach((g, i) => assertAllClose(g, ref[i], TIGHT, `input ${subset[i]} of [${subset}] (createGraph ${createGraph})`));
      }
    }
  });

  it('matches the functional instanceNorm and, without autodiff, records nothing', () => {
    const c = CASES[0];
    const d = normInputs(rng, c);
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

  const derivatives = (f: Norm) => hvpAndThirdDerivative(f, shape, d, v, u, u2);

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
    const d = normInputs(rng, c);
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
