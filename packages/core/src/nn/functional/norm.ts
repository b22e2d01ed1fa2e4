import { add, mul, sub } from '../../ops/arithmetic.js';
import { mean } from '../../ops/reduce.js';
import { reshape } from '../../ops/shape-ops.js';
import { rsqrt, square } from '../../ops/unary.js';
import { tidy } from '../../tensor/scope.js';
import type { Tensor } from '../../tensor/tensor.js';

function affine(y: Tensor, c: number, weight?: Tensor | null, bias?: Tensor | null): Tensor {
  const shape = [1, c, ...Array(y.rank - 2).fill(1)];
  let out = y;
  if (weight) out = mul(out, reshape(weight, shape));
  if (bias) out = add(out, reshape(bias, shape));
  return out;
}

/** torch.nn.functional.group_norm: statistics per (sample, group), biased variance. */
export function groupNorm(x: Tensor, groups: number, weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  const [n, c] = x.shape;
  if (c % groups !== 0) throw new Error(`groupNorm: ${c} channels do not split into ${groups} groups`);
  return tidy(() => {
    const g = reshape(x, [n, groups, -1]);
    const centred = sub(g, mean(g, 2, true));
    const normed = mul(centred, rsqrt(add(mean(square(centred), 2, true), eps)));
    return affine(reshape(normed, x.shape), c, weight, bias);
  });
}

/** Instance norm = group norm with one group per channel (what MTT/PAD's ConvNet uses). */
export function instanceNorm(x: Tensor, weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  return groupNorm(x, x.shape[1], weight, bias, eps);
}

export interface BatchNormResult {
  out: Tensor;
  /** Batch mean and biased variance per channel (for running statistics). */
  mean: Tensor;
  variance: Tensor;
}

/** torch.nn.functional.batch_norm in training mode: statistics over every axis but the channels. */
export function batchNorm(x: Tensor, weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): BatchNormResult {
  const c = x.shape[1];
  const axes = [0, ...Array.from({ length: x.rank - 2 }, (_, i) => i + 2)];
  return tidy(() => {
    const mu = mean(x, axes, true);
    const centred = sub(x, mu);
    const variance = mean(square(centred), axes, true);
    const out = affine(mul(centred, rsqrt(add(variance, eps))), c, weight, bias);
    return { out, mean: reshape(mu, [c]), variance: reshape(variance, [c]) };
  });
}

/** Batch norm with given (running) statistics, for evaluation mode. */
export function batchNormEval(x: Tensor, runningMean: Tensor, runningVar: Tensor, weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  const c = x.shape[1];
  const shape = [1, c, ...Array(x.rank - 2).fill(1)];
  return tidy(() => affine(mul(sub(x, reshape(runningMean, shape)), reshape(rsqrt(add(runningVar, eps)), shape)), c, weight, bias));
}
