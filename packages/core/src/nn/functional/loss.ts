import { makeResult } from '../../autograd/record.js';
import { eq, mul, sub } from '../../ops/arithmetic.js';
import { cast } from '../../ops/cast.js';
import { tensor } from '../../ops/creation.js';
import { max, mean, sum } from '../../ops/reduce.js';
import { reshape } from '../../ops/shape-ops.js';
import { exp, log, neg, square } from '../../ops/unary.js';
import { tidy } from '../../tensor/scope.js';
import type { Tensor } from '../../tensor/tensor.js';

export type Reduction = 'mean' | 'sum' | 'none';

function reduceLoss(l: Tensor, reduction: Reduction): Tensor {
  return reduction === 'none' ? l : reduction === 'sum' ? sum(l) : mean(l);
}

/** A constant copy (outside autodiff): shifting by it changes no value and no derivative. */
function constant(t: Tensor): Tensor {
  return makeResult('stopGradient', t.storage.retain(), t.shape, [], null);
}

/** log_softmax along `axis`, stabilised by the (constant) maximum; exact to every order. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return tidy(() => {
    const m = constant(max(x, axis, true));
    const shifted = sub(x, m);
    return sub(shifted, log(sum(exp(shifted), axis, true)));
  });
}

export function softmax(x: Tensor, axis = -1): Tensor {
  return tidy(() => exp(logSoftmax(x, axis)));
}

/** One-hot f32 rows for i32 labels: [B] -> [B, classes]. */
export function oneHot(labels: Tensor, classes: number): Tensor {
  return tidy(() => {
    const ids = tensor(Array.from({ length: classes }, (_, i) => i), [1, classes], { backend: labels.backend });
    return eq(reshape(cast(labels, 'f32'), [labels.size, 1]), ids);
  });
}

/**
 * torch.nn.functional.cross_entropy for logits [B, C] and either i32 class labels [B] or f32 class
 * probabilities [B, C] (soft targets, differentiable in the targets too).
 */
export function crossEntropy(logits: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  if (logits.rank !== 2) throw new Error(`crossEntropy: logits must be [batch, classes], got [${logits.shape}]`);
  const [b, c] = logits.shape;
  return tidy(() => {
    const probs = target.dtype === 'f32' ? target : oneHot(target, c);
    if (probs.shape[0] !== b || probs.shape[1] !== c) throw new Error(`crossEntropy: targets [${target.shape}] do not match logits [${logits.shape}]`);
    return reduceLoss(neg(sum(mul(probs, logSoftmax(logits, 1)), 1)), reduction);
  });
}

export function mseLoss(input: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  return tidy(() => reduceLoss(square(sub(input, target)), reduction));
}
