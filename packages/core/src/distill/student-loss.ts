import type { Model } from '../nn/model.js';
import { crossEntropy, softmax } from '../nn/functional/loss.js';
import { tensor } from '../ops/creation.js';
import { indexSelect } from '../ops/gather.js';
import { tidy } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';
import type { StepPlan } from './plan.js';

/** Differentiable augmentation replayed from a seed (DSA): the same seed must give the same transform. */
export type Augment = (images: Tensor, seed: number) => Tensor;

/**
 * The inner objective of one student step (DATM's soft-label cross entropy, as in PAD's distill loop):
 *   ℓ_i(θ, X, Y) = mean_b Σ_c -log softmax(f_θ(A_s(X_b)))_c · softmax(Y_b)_c
 * with b the step's minibatch rows and A_s the augmentation of seed s. Differentiable in θ, the
 * images X and the label logits Y to any order.
 */
export function studentLoss(model: Model, theta: Tensor, images: Tensor, labels: Tensor, step: StepPlan, augment?: Augment): Tensor {
  return tidy(() => {
    const idx = tensor(step.indices, [step.indices.length], { dtype: 'i32', backend: images.backend });
    const batch = indexSelect(images, idx);
    const x = augment ? augment(batch, step.augSeed) : batch;
    const targets = softmax(indexSelect(labels, idx), 1);
    return crossEntropy(model.forward(theta, x, { train: true }), targets);
  });
}
