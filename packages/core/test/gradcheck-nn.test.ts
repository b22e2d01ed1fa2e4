// First- and second-order checks of the functional layers: softmax family, losses (integer labels and
// soft targets, the latter differentiable in the targets) and the normalisations (float64 cpu backend).
import { describe, it } from 'vitest';
import {
  batchNorm, cpuBackend, crossEntropy, groupNorm, instanceNorm, logSoftmax, mseLoss, softmax, tensor, type Reduction,
} from '../src/index.js';
import { arg, checkGrads, randn } from './util/gradcheck.js';
import { Rng } from './util/rng.js';

const rng = new Rng(53);
const be = cpuBackend();

describe('gradcheck: softmax family', () => {
  for (const axis of [-1, 0, 1]) {
    it(`logSoftmax and softmax along axis ${axis}`, () => {
      checkGrads((x) => logSoftmax(x, axis), [randn(rng, [3, 5, 2], 2)], { name: `logSoftmax axis ${axis}` });
      checkGrads((x) => softmax(x, axis), [randn(rng, [3, 5, 2], 2)], { name: `softmax axis ${axis}` });
    });
  }
});

describe('gradcheck: losses', () => {
  const labels = tensor([2, 0, 4, 2], [4], { dtype: 'i32', backend: be });
  for (const reduction of ['mean', 'sum', 'none'] as Reduction[]) {
    it(`crossEntropy with i32 labels, reduction ${reduction}`, () => {
      checkGrads((z) => crossEntropy(z, labels, reduction), [randn(rng, [4, 5], 2)], { name: `crossEntropy labels ${reduction}` });
    });
    it(`crossEntropy with soft targets (differentiable in logits and targets), reduction ${reduction}`, () => {
      checkGrads((z, t) => crossEntropy(z, t, reduction), [randn(rng, [4, 5], 2), arg([4, 5], rng.simplexRows(4, 5))], {
        name: `crossEntropy soft ${reduction}`,
      });
    });
    it(`mseLoss, reduction ${reduction}`, () => {
      checkGrads((a, b) => mseLoss(a, b, reduction), [randn(rng, [3, 4]), randn(rng, [3, 4])], { name: `mseLoss ${reduction}` });
    });
  }
});

describe('gradcheck: normalisations', () => {
  it('groupNorm with affine parameters (2 groups of 2 channels)', () => {
    checkGrads((x, w, b) => groupNorm(x, 2, w, b), [randn(rng, [2, 4, 3, 3]), randn(rng, [4]), randn(rng, [4])], { name: 'groupNorm' });
  });
  it('groupNorm without affine parameters on [N, C] input', () => {
    checkGrads((x) => groupNorm(x, 3), [randn(rng, [2, 6])], { name: 'groupNorm [N,C]' });
  });
  it('instanceNorm with affine parameters', () => {
    checkGrads((x, w, b) => instanceNorm(x, w, b), [randn(rng, [2, 3, 3, 4]), randn(rng, [3]), randn(rng, [3])], { name: 'instanceNorm' });
  });
  it('batchNorm (training mode) output and its batch statistics', () => {
    const args = [randn(rng, [3, 2, 3, 3]), randn(rng, [2]), randn(rng, [2])];
    checkGrads((x, w, b) => batchNorm(x, w, b).out, args, { name: 'batchNorm out' });
    checkGrads((x) => batchNorm(x).variance, [args[0]], { name: 'batchNorm variance' });
    checkGrads((x) => batchNorm(x).mean, [args[0]], { name: 'batchNorm mean' });
  });
});
