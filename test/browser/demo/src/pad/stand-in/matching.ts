/**
 * One trajectory-matching iteration with PAD's embedding filter, by backpropagating through the whole
 * unroll (fine at the demo's N; the core's src/distill does the same in constant memory).
 * loss = sum_keep (θ_N - θ*_{t+M})² / sum_keep (θ*_t - θ*_{t+M})², keep = all but the first `cut`
 * parameters (the shallow layers).
 */
import { crossEntropy, div, grad, mul, requiresGrad, slice, softmax, square, sub, sum, tidy, type Tensor } from '@pad-gpu/core';
import type { PadModel } from './model.js';

export interface MatchInputs {
  model: PadModel;
  /** Learnable leaves: images [n, c, h, w], label logits [n, classes], learning rate [1]. */
  images: Tensor;
  labels: Tensor;
  lr: Tensor;
  start: Tensor;
  target: Tensor;
  steps: number;
  cut: number;
}

export interface MatchResult {
  loss: Tensor;
  gImages: Tensor;
  gLabels: Tensor;
  gLr: Tensor;
}

/** Synchronous: encodes the work and returns tensors the caller must dispose. */
export function matchGradients(m: MatchInputs): MatchResult {
  return tidy(() => {
    const keep = m.model.numParams - m.cut;
    const masked = (t: Tensor) => slice(t, [m.cut], [keep]);
    const targets = softmax(m.labels);
    // θ_0 is a leaf so each step's grad() has something to differentiate; it is not a parameter.
    let theta: Tensor = requiresGrad(m.start.detach());
    for (let i = 0; i < m.steps; i++) {
      const ce = crossEntropy(m.model.forward(theta, m.images), targets);
      const [g] = grad(ce, [theta], { createGraph: true });
      theta = sub(theta, mul(g, m.lr));
    }
    const num = sum(square(masked(sub(theta, m.target))));
    const den = sum(square(masked(sub(m.start, m.target))));
    const loss = div(num, den);
    const [gImages, gLabels, gLr] = grad(loss, [m.images, m.labels, m.lr]);
    return { loss: loss.detach(), gImages, gLabels, gLr };
  });
}
