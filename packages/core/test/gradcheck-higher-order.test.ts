// Third-order checks: the order-2 check applied to gradient functions x -> grad f(x) (built with
// createGraph), so the rules' rules are differentiated once more (float64 cpu backend).
import { describe, it } from 'vitest';
import {
  avgPool2d, conv2d, cpuBackend, crossEntropy, exp, flatten, grad, groupNorm, linear, logSoftmax, matmul, mul, relu, sin, sqrt, sum,
  tensor, type Tensor,
} from '../src/index.js';
import { arg, checkGrads, randn } from './util/gradcheck.js';
import { Rng } from './util/rng.js';

const rng = new Rng(113);
const be = cpuBackend();

/** x -> d/dx sum(f(x)), differentiable again. */
const gradOf = (f: (...xs: Tensor[]) => Tensor, i = 0) => (...xs: Tensor[]) => grad(sum(f(...xs)), [xs[i]], { createGraph: true })[0];

describe('gradcheck: third order', () => {
  it('elementwise chain through saved outputs', () => {
    // sqrt(x^2) = |x|: inputs stay 0.3 away from its kink.
    checkGrads(gradOf((x) => mul(exp(sin(x)), sqrt(mul(x, x)))), [arg([2, 3], rng.normalAwayFromZero(6, 0.3))], { name: "(exp(sin x) |x|)'" });
  });

  it('matmul and logSoftmax', () => {
    checkGrads(gradOf((a, b) => logSoftmax(matmul(a, b, false, true))), [randn(rng, [3, 4]), randn(rng, [5, 4])], { name: 'grad logSoftmax(a bᵀ)' });
  });

  it('conv2d and groupNorm', () => {
    checkGrads(
      gradOf((x, w) => sin(groupNorm(conv2d(x, w, null, { stride: 2, padding: [1, 0, 0, 1] }), 2)), 1),
      [randn(rng, [2, 2, 5, 4]), randn(rng, [4, 2, 3, 2])],
      { name: 'grad_w groupNorm(conv2d)' },
    );
  });

  it('ConvNet loss gradient in the images (what PAD differentiates)', () => {
    const labels = tensor([1, 0], [2], { dtype: 'i32', backend: be });
    const loss = (x: Tensor, w: Tensor, fw: Tensor) => crossEntropy(linear(flatten(avgPool2d(relu(conv2d(x, w, null, { padding: 1 })), 2)), fw), labels);
    checkGrads((x, w, fw) => grad(loss(x, w, fw), [w], { createGraph: true })[0], [randn(rng, [2, 1, 4, 4]), randn(rng, [3, 1, 3, 3]), randn(rng, [2, 12])], {
      name: 'grad_w ConvNet loss',
    });
  });
});
