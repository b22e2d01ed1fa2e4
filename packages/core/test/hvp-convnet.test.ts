// Hessian-vector product of a tiny ConvNet loss (conv -> instanceNorm -> relu -> avgPool -> linear ->
// crossEntropy), every parameter a leaf, against central differences of its gradient (float64 cpu).
import { describe, expect, it } from 'vitest';
import {
  add, avgPool2d, conv2d, cpuBackend, crossEntropy, flatten, grad, instanceNorm, linear, liveStorageStats, mul, relu, requiresGrad,
  sum, tensor, tidy, type Tensor,
} from '../src/index.js';
import './util/allclose.js';
import { checkGrads } from './util/gradcheck.js';
import { Rng, sizeOfShape } from './util/rng.js';

const be = cpuBackend();
const rng = new Rng(67);
const SHAPES = { convW: [4, 2, 3, 3], convB: [4], normW: [4], normB: [4], fcW: [3, 4 * 3 * 3], fcB: [3] };
const X_SHAPE = [3, 2, 6, 7];
const theta0 = Object.values(SHAPES).map((s) => rng.normal(sizeOfShape(s), 0.5));
const images = rng.normal(sizeOfShape(X_SHAPE));
const labelValues = new Int32Array([0, 2, 1]);

function loss(x: Tensor, [cw, cb, nw, nb, fw, fb]: Tensor[]): Tensor {
  const labels = tensor(labelValues, [3], { dtype: 'i32', backend: be });
  const h = avgPool2d(relu(instanceNorm(conv2d(x, cw, cb, { padding: 1 }), nw, nb)), 2);
  return crossEntropy(linear(flatten(h), fw, fb), labels);
}

const leaves = (values: Float64Array[]) => values.map((v, i) => requiresGrad(tensor(v, Object.values(SHAPES)[i], { backend: be })));
const read = (t: Tensor) => Float64Array.from(be.readSync(t.storage));

function gradientAt(values: Float64Array[]): Float64Array[] {
  return tidy(() => {
    const params = leaves(values);
    return grad(loss(tensor(images, X_SHAPE, { backend: be }), params), params).map(read);
  });
}

describe('Hessian-vector product of a tiny ConvNet loss', () => {
  it('matches central differences of the gradient for every parameter (rtol 1e-6, atol 1e-8)', () => {
    const before = liveStorageStats().storages;
    const v = theta0.map((t) => rng.normal(t.length));
    const hv = tidy(() => {
      const params = leaves(theta0);
      const gs = grad(loss(tensor(images, X_SHAPE, { backend: be }), params), params, { createGraph: true });
      // <grad L, v> with ordinary ops, then differentiated again: reverse-over-reverse.
      const gv = gs.map((g, i) => sum(mul(g, tensor(v[i], g.shape, { backend: be })))).reduce((a, b) => add(a, b));
      return grad(gv, params).map(read);
    });
    const eps = 1e-5;
    const plus = gradientAt(theta0.map((t, i) => t.map((x, k) => x + eps * v[i][k])));
    const minus = gradientAt(theta0.map((t, i) => t.map((x, k) => x - eps * v[i][k])));
    hv.forEach((h, i) => {
      const fd = plus[i].map((p, k) => (p - minus[i][k]) / (2 * eps));
      expect(h, `parameter ${Object.keys(SHAPES)[i]}`).toBeAllClose(fd, { rtol: 1e-6, atol: 1e-8 });
      // A vanishing product would pass trivially, so require substance, except for the conv bias: instance
      // norm subtracts every per-channel constant, so the loss does not depend on it at all.
      const largest = Math.max(...fd.map(Math.abs));
      if (Object.keys(SHAPES)[i] === 'convB') expect(Math.max(largest, ...h.map(Math.abs))).toBeLessThan(1e-8);
      else expect(largest).toBeGreaterThan(1e-3);
    });
    expect(liveStorageStats().storages).toBe(before);
  });

  it('passes the full order-2 check in the parameters and the input images', () => {
    const args = [{ shape: X_SHAPE, data: images }, ...theta0.map((t, i) => ({ shape: Object.values(SHAPES)[i], data: t }))];
    checkGrads((x, ...params) => loss(x, params), args, { name: 'convnet loss', directions: 1 });
  });
});
