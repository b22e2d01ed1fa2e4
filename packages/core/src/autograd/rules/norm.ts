import type { InstanceNormParams, Pool2dParams } from '../../backend/backend.js';
import { mul } from '../../ops/arithmetic.js';
import { instanceNormalize, instanceNormalizeBackward } from '../../ops/normalize.js';
import { instanceNormRelu2d } from '../../ops/norm.js';
import { avgPool2dBackward } from '../../ops/pool.js';
import { sum } from '../../ops/reduce.js';
import { step } from '../../ops/unary.js';
import { reshape } from '../../ops/shape-ops.js';
import { Tensor } from '../../tensor/tensor.js';
import { isGradEnabled } from '../grad-mode.js';
import type { GradRule } from '../node.js';

// Gradient of the fused instanceNorm2d, instanceNormRelu2d and instanceNormReluPool2d (saved: x,
// weight, bias, the forward's per-plane mean and rstd).
// With xhat = (x - mean) · rstd per plane of hw values:
//   dbias = Σ_{n, plane} dy,  dweight = Σ_{n, plane} dy · xhat,
//   dx = rstd · weight · (dy - mean(dy) - xhat · mean(dy · xhat)).
//
// A plain backward (createGraph false: grad() runs rules with recording off) uses the fused kernel,
// which reuses the saved statistics; only the [n, c] partials of dweight and dbias are summed here.
// With createGraph the result must itself be differentiable in x, weight and dy (distillation
// differentiates through training steps), so it is written with the differentiable normalize ops,
// which recompute the statistics from x: derivatives of every order stay exact.
// With the 2x2 pool fused, dy arrives pooled: the fused kernel upsamples it itself; the createGraph path
// first applies avgPool2dBackward (the pool's adjoint, differentiable), then proceeds as without it.
export const instanceNorm2dGrad: GradRule<InstanceNormParams> = (dyOut, { saved: [x, weight, bias, mu, rs], attrs: p, needs }) => {
  const n = x.shape[0];
  if (!isGradEnabled()) {
    const r = x.backend.instanceNormGrad(x.storage, dyOut.storage, weight.storage, bias.storage, mu.storage, rs.storage, p);
    const dx = new Tensor(r.dx, x.shape);
    const dweight = new Tensor(r.dweight, [n, p.c]);
    const dbias = new Tensor(r.dbias, [n, p.c]);
    return [needs[0] ? dx : null, needs[1] ? sum(dweight, 0) : null, needs[2] ? sum(dbias, 0) : null];
  }
  // Differentiable form from the fused normalize ops (normalize.ts), whose own rules are fused to
  // second order: dx = r·P(dy·w) = instanceNormalizeBackward(x, dy·w), dweight = Σ dy·xhat, dbias = Σ dy.
  // A fused ReLU passes gradient where its output is positive: a constant mask at every order, from a
  // recomputed forward (only this path needs it, so the forward saves no activation for it).
  const dyFull = p.pool ? avgPool2dBackward(dyOut, poolParams(x.shape)) : dyOut;
  const dy = p.relu ? mul(dyFull, step(instanceNormRelu2d(x.detach(), weight.detach(), bias.detach(), p.eps))) : dyFull;
  const channel = [1, p.c, 1, 1];
  const dx = needs[0] ? instanceNormalizeBackward(x, mul(dy, reshape(weight, channel)), p.eps) : null;
  const dweight = needs[1] ? perChannel(mul(dy, instanceNormalize(x, p.eps)), n, p) : null;
  const dbias = needs[2] ? perChannel(dy, n, p) : null;
  return [dx, dweight, dbias];
};

/** Σ over samples and pixels of [n, c, h, w], as [c]. */
function perChannel(t: Tensor, n: number, p: InstanceNormParams): Tensor {
  return reshape(sum(sum(reshape(t, [n, p.c, p.hw]), 2), 0), [p.c]);
}

/** avgPool2d(2)'s parameters for NCHW input of `shape` (2x2 window, stride 2, no padding). */
function poolParams([n, c, h, w]: readonly number[]): Pool2dParams {
  return { n, c, h, w, kh: 2, kw: 2, strideH: 2, strideW: 2, padH: 0, padW: 0, outH: Math.floor(h / 2), outW: Math.floor(w / 2) };
}
