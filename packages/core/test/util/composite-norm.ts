import { add, mul, mean, reshape, rsqrt, square, sub, type Tensor } from '../../src/index.js';

/**
 * GroupNorm(C, C) (instance norm with affine) for NCHW from composite ops, folded so the big tensor sees
 * three broadcast ops (centre, scale, shift) instead of four: y = (x - mean) * (rstd * weight) + bias,
 * statistics per (sample, channel) with the biased variance of the centred values and eps 1e-5, as
 * PyTorch computes. Models use the fused op instead (ops/norm.ts: one kernel forward, one backward;
 * ConvNet-3's training step went from 201 to 109 dispatches); this is the reference the tests
 * compare it with.
 */
export function instanceNorm2dComposite(x: Tensor, weight: Tensor, bias: Tensor, eps = 1e-5): Tensor {
  const [n, c, h, w] = x.shape;
  const g = reshape(x, [n, c, h * w]);
  const centred = sub(g, mean(g, 2, true));
  const rstd = rsqrt(add(mean(square(centred), 2, true), eps));
  const y = add(mul(centred, mul(rstd, reshape(weight, [1, c, 1]))), reshape(bias, [1, c, 1]));
  return reshape(y, x.shape);
}
