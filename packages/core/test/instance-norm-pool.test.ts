// The fused instance norm -> ReLU -> 2x2 average pool op (ops/norm.ts instanceNormReluPool2d) on the
// float64 cpu backend: output and gradients equal avgPool2d(relu(instanceNorm2dComposite(...)), 2) to
// 1e-10 on even and odd planes (odd last rows/columns dropped by the pool but part of the statistics),
// through both backward paths (fused first-order, createGraph); finite differences to second order; a
// Hessian-vector product and a third derivative equal the composite's; too-small planes are rejected;
// nothing leaks. The backend primitive's pool without ReLU is checked against the composite too.
import { describe, expect, it } from 'vitest';
import {
  type InstanceNormParams, add, avgPool2d, cpuBackend, grad, instanceNormReluPool2d, liveStorageStats, liveTensorHandles, mul, noGrad, relu,
  requiresGrad, sum, tensor, tidy, type Tensor,
} from '../src/index.js';
import { type Norm, type NormCase, hvpAndThirdDerivative, instanceNorm2dComposite, normInputs, outputAndGrads } from './util/composite-norm.js';
import { assertAllClose } from './util/allclose.js';
import { checkGrads, randn } from './util/gradcheck.js';
import { Rng, sizeOfShape } from './util/rng.js';

const be = cpuBackend();
const rng = new Rng(4711);
const read = (t: Tensor) => Float64Array.from(be.readSync(t.storage));
const TIGHT = { rtol: 1e-10, atol: 1e-12 };

const pooled = ([n, c, h, w]: readonly number[]) => [n, c, Math.floor(h / 2), Math.floor(w / 2)];

/** Each op's output must have the pooled shape. */
const checkedShape = (f: Norm): Norm => (x, w, b, eps) => {
  const y = f(x, w, b, eps);
  expect(y.shape).toEqual(pooled(x.shape));
  return y;
};
const fused = checkedShape(instanceNormReluPool2d);
const composite = checkedShape((x, w, b, eps) => avgPool2d(relu(instanceNorm2dComposite(x, w, b, eps)), 2));


const CASES: NormCase[] = [
  { shape: [3, 5, 7, 9], eps: 1e-5, offset: 0, scale: 1 },
  { shape: [2, 3, 5, 5], eps: 1e-5, offset: 0.3, scale: 1 },
  { shape: [2, 2, 2, 3], eps: 1e-3, offset: 0, scale: 2 },
  { shape: [1, 3, 3, 2], eps: 1e-5, offset: 0, scale: 1 },
  { shape: [2, 4, 8, 8], eps: 0.5, offset: -3, scale: 0.1 },
  { shape: [1, 2, 16, 24], eps: 1e-5, offset: 0, scale: 1 },
  { shape: [1, 1, 64, 65], eps: 1e-5, offset: 100, scale: 1 },
];

describe('instanceNormReluPool2d (fused) against avgPool2d(relu(composite norm)), float64', () => {
  for (const c of CASES) {
    const name = `[${c.shape}] eps ${c.eps} offset ${c.offset}`;
    it(`${name}: output and first-order gradients (fused backward and createGraph path) to 1e-10`, () => {
      const d = normInputs(rng, c);
      const v = rng.normal(sizeOfShape(pooled(c.shape)));
      const ref = outputAndGrads(composite, c, d, v, false);
      const what = ['y', 'dx', 'dweight', 'dbias'];
      for (const createGraph of [false, true]) {
        const got = outputAndGrads(fused, c, d, v, createGraph);
        got.forEach((g, i) => assertAllClose(g, ref[i], TIGHT, `${name} ${what[i]} (createGraph ${createGraph})`));
      }
    });
  }

  it('gradients of a subset of the inputs (the rest skipped) equal the composite, both backward paths', () => {
    const c = CASES[0];
    const d = normInputs(rng, c);
    const v = rng.normal(sizeOfShape(pooled(c.shape)));
    for (const subset of [[0], [1], [2], [1, 2], [0, 2]]) {
      for (const createGraph of [false, true]) {
        const [ref, got] = [composite, fused].map((f) => outputAndGrads(f, c, d, v, createGraph, subset).slice(1));
        got.forEach((g, i) => assertAllClose(g, ref[i], TIGHT, `input ${subset[i]} of [${subset}] (createGraph ${createGraph})`));
      }
    }
  });

  it('the backend primitive with the pool and without the ReLU equals avgPool2d(composite norm), forward and backward', () => {
    for (const shape of [[2, 3, 7, 9], [1, 2, 4, 6]]) {
      const [n, c, h, w] = shape;
      const d = { x: rng.normal(n * c * h * w), w: rng.normal(c), b: rng.normal(c), v: rng.normal(sizeOfShape(pooled(shape))) };
      const p: InstanceNormParams = { planes: n * c, c, hw: h * w, eps: 1e-5, relu: false, pool: true, width: w };
      const ref = tidy(() => {
        const x = requiresGrad(tensor(d.x, shape, { backend: be }));
        const wt = requiresGrad(tensor(d.w, [c], { backend: be }));
        const b = requiresGrad(tensor(d.b, [c], { backend: be }));
        const y = avgPool2d(instanceNorm2dComposite(x, wt, b), 2);
        return [read(y), ...grad(y, [x, wt, b], { gradOutputs: [tensor(d.v, y.shape, { backend: be })] }).map(read)];
      });
      const up = (a: Float64Array) => be.fromData(a, 'f32');
      const [X, W, B, V] = [d.x, d.w, d.b, d.v].map(up);
      const f = be.instanceNorm(X, W, B, p);
      const g = be.instanceNormGrad(X, V, W, B, f.mean, f.rstd, p);
      const r = (s: typeof X) => Float64Array.from(be.readSync(s));
      // The partials are per plane: sum them over the batch.
      const perChannel = (a: Float64Array) => Float64Array.from({ length: c }, (_, ch) => a.filter((_, pl) => pl % c === ch).reduce((s, x) => s + x, 0));
      const got = [r(f.y), r(g.dx), perChannel(r(g.dweight)), perChannel(r(g.dbias))];
      ['y', 'dx', 'dweight', 'dbias'].forEach((what, i) => assertAllClose(got[i], ref[i], TIGHT, `[${shape}] no ReLU: ${what}`));
      for (const s of [X, W, B, V, f.y, f.mean, f.rstd, g.dx, g.dweight, g.dbias]) s.release();
    }
  });

  it('without autodiff records nothing', () => {
    tidy(() => {
      const x = requiresGrad(tensor(rng.normal(2 * 3 * 4 * 4), [2, 3, 4, 4], { backend: be }));
      const y = noGrad(() => fused(x, tensor(rng.normal(3), [3], { backend: be }), tensor(rng.normal(3), [3], { backend: be })));
      expect(y.requiresGrad).toBe(false);
      expect(y.shape).toEqual([2, 3, 2, 2]);
      return null;
    });
  });

  it('rejects planes the 2x2 window does not fit (1x3 pools to no rows, 3x1 to no columns) and bad shapes, with a message', () => {
    tidy(() => {
      const w = tensor(rng.normal(2), [2], { backend: be });
      expect(() => fused(tensor(rng.normal(6), [1, 2, 1, 3], { backend: be }), w, w)).toThrow(/instanceNormReluPool2d: a 2x2 pooling window does not fit a 1x3 input/);
      expect(() => fused(tensor(rng.normal(6), [1, 2, 3, 1], { backend: be }), w, w)).toThrow(/does not fit a 3x1 input/);
      expect(() => fused(tensor(rng.normal(16), [1, 2, 2, 4], { backend: be }), tensor(rng.normal(3), [3], { backend: be }), w)).toThrow(/weight \[3\] and bias \[2\] must both be \[2\]/);
      expect(() => fused(tensor(rng.normal(6), [2, 3], { backend: be }), w, w)).toThrow(/must be NCHW/);
      return null;
    });
  });
});

describe('instanceNormReluPool2d (fused): finite differences, first and second order', () => {
  it('even planes (4x6)', () => {
    checkGrads((x, w, b) => instanceNormReluPool2d(x, w, b), [randn(rng, [2, 3, 4, 6]), randn(rng, [3]), randn(rng, [3])], { name: 'instanceNormReluPool2d 4x6' });
  });
  it('odd planes (5x5, 3x2) and eps 0.1', () => {
    checkGrads((x, w, b) => instanceNormReluPool2d(x, w, b, 0.1), [randn(rng, [1, 2, 5, 5]), randn(rng, [2]), randn(rng, [2])], { name: 'instanceNormReluPool2d 5x5' });
    checkGrads((x, w, b) => instanceNormReluPool2d(x, w, b), [randn(rng, [3, 2, 3, 2]), randn(rng, [2]), randn(rng, [2])], { name: 'instanceNormReluPool2d 3x2' });
  });
});

describe('instanceNormReluPool2d (fused): higher orders equal the composite', () => {
  const shape = [2, 3, 5, 6];
  const outShape = pooled(shape);
  const d = { x: rng.normal(sizeOfShape(shape)), w: rng.normal(3), b: rng.normal(3) };
  const v = rng.normal(sizeOfShape(outShape));
  const u = { x: rng.normal(sizeOfShape(shape)), w: rng.normal(3), b: rng.normal(3) };
  const u2 = rng.normal(sizeOfShape(shape));

  const derivatives = (f: Norm) => hvpAndThirdDerivative(f, shape, d, v, u, u2);

  it('Hessian-vector product (reverse over reverse) and a third derivative, to 1e-10, with nothing left alive', () => {
    const before = liveStorageStats().storages;
    const handles = liveTensorHandles();
    const ref = derivatives(composite);
    const got = derivatives(fused);
    ['Hv x', 'Hv weight', 'Hv bias', 'third derivative x'].forEach((what, i) => assertAllClose(got[i], ref[i], { rtol: 1e-9, atol: 1e-11 }, what));
    expect(liveStorageStats().storages).toBe(before);
    expect(liveTensorHandles()).toBe(handles);
  });
});

describe('instanceNormReluPool2d (fused): lifetimes', () => {
  it('a forward and a plain backward leave no storage or handle behind; a no-grad forward and a dropped graph neither', () => {
    const shape = [3, 5, 7, 9];
    const d = normInputs(rng, CASES[0]);
    const start = { ...liveStorageStats(), handles: liveTensorHandles() };
    for (let i = 0; i < 5; i++) {
      tidy(() => {
        const x = requiresGrad(tensor(d.x, shape, { backend: be }));
        const w = requiresGrad(tensor(d.w, [5], { backend: be }));
        const b = tensor(d.b, [5], { backend: be });
        grad(sum(mul(fused(x, w, b), fused(x, w, b))), [x, w]);
        noGrad(() => fused(x, w, b));
        return null;
      });
    }
    tidy(() => {
      const x = requiresGrad(tensor(d.x, shape, { backend: be }));
      fused(x, tensor(d.w, [5], { backend: be }), tensor(d.b, [5], { backend: be }));
      return null;
    });
    expect({ ...liveStorageStats(), handles: liveTensorHandles() }).toEqual(start);
  });
});
