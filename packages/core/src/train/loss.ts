import { eq, mul } from '../ops/arithmetic.js';
import { max, sum } from '../ops/reduce.js';
import { tidy } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';
import { crossEntropy, oneHot, softmax } from '../nn/functional/loss.js';

/**
 * Hard labels (i32 [B]) use cross entropy; soft labels (f32 [B, K]) are logits, as DATM/PAD store
 * them, and use their SoftCrossEntropy: mean over the batch of -sum softmax(target) · log_softmax(logits).
 */
export function classificationLoss(logits: Tensor, labels: Tensor): Tensor {
  if (labels.dtype === 'i32') return crossEntropy(logits, labels);
  return tidy(() => crossEntropy(logits, softmax(labels, 1)));
}

/** How many rows have their largest logit where the target has its largest value (f32 scalar, on device). */
export function countCorrect(logits: Tensor, labels: Tensor): Tensor {
  return tidy(() => {
    const target = labels.dtype === 'i32' ? oneHot(labels, logits.shape[1]) : eq(labels, max(labels, 1, true));
    return sum(mul(target, eq(logits, max(logits, 1, true))));
  });
}
