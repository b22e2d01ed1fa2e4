/**
 * The store-everything hypergradient, as the reference implementations compute it (MTT/DATM/PAD keep
 * the whole unrolled graph: student_params.append(θ - η·grad(ℓ, θ, create_graph=True)), then one
 * backward from the loss). Memory grows with N; kept as the oracle that exact-gradient.ts is tested
 * against and as the baseline of the memory benchmark.
 */
import { grad } from '../autograd/grad.js';
import { requiresGrad } from '../autograd/record.js';
import { div, mul, sub } from '../ops/arithmetic.js';
import { sum } from '../ops/reduce.js';
import { slice } from '../ops/shape-ops.js';
import { square } from '../ops/unary.js';
import { tidy } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';
import type { MatchGradients, MatchProblem } from './exact-gradient.js';
import { studentLoss } from './student-loss.js';

/** L = Σ_{i>=cut} (θ_N - θ*_{t+M})² / Σ_{i>=cut} (θ*_t - θ*_{t+M})² with differentiable ops. */
export function matchLossOps(student: Tensor, start: Tensor, target: Tensor, cut: number): Tensor {
  return tidy(() => {
    const keep = (t: Tensor) => slice(t, [cut], [t.size - cut]);
    const num = sum(square(sub(keep(student), keep(target))));
    const den = sum(square(sub(keep(start), keep(target))));
    return div(num, den);
  });
}

export async function matchGradientFullUnroll(p: MatchProblem): Promise<{ loss: number; grads: MatchGradients }> {
  const out = tidy(() => {
    const X = requiresGrad(p.images.detach());
    const Y = requiresGrad(p.labels.detach());
    const eta = requiresGrad(p.lr.detach());
    let theta = requiresGrad(p.start.detach());
    for (let i = 0; i < p.plan.length; i++) {
      const loss = studentLoss(p.model, theta, X, Y, p.plan[i], p.augment);
      const [g] = grad(loss, [theta], { createGraph: true });
      theta = sub(theta, mul(eta, g));
      p.onMemory?.('forward', i);
    }
    const loss = matchLossOps(theta, p.start, p.target, p.cut);
    const [dX, dY, dEta] = grad(loss, [X, Y, eta]);
    p.onMemory?.('reverse', 0);
    return { loss, grads: { images: dX, labels: dY, lr: dEta } };
  });
  const loss = await out.loss.item();
  out.loss.dispose();
  for (const t of Object.values(out.grads)) t.keep();
  return { loss, grads: out.grads };
}
