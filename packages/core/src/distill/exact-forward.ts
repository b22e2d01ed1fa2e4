/**
 * The forward half of PAD's exact hypergradient (see exact-gradient.ts for the whole scheme): unroll N
 * student steps without a graph (except the last `cacheSteps`, if asked), keep θ_1..θ_{N-1} on the host
 * or the device, then the fused masked matching loss and its seed v_N.
 */
import type { TensorData } from '../backend/backend.js';
import { grad } from '../autograd/grad.js';
import { requiresGrad } from '../autograd/record.js';
import { tidy } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';
import { type CachedStep, MatchForward, type MatchGradients, type MatchProblem } from './exact-gradient.js';
import { matchLossFused } from './fused/match-loss.js';
import { axpyNeg } from './fused/sgd-step.js';
import { studentLoss } from './student-loss.js';

const READS_IN_FLIGHT = 2;

/** Unrolls the N student steps (no graph), computes the masked matching loss and keeps what the
 *  reverse pass needs. */
export async function matchForward(p: MatchProblem): Promise<MatchForward> {
  const n = p.plan.length;
  if (n < 1) throw new Error('matchForward: the plan has no steps');
  if (p.start.size !== p.model.numParams || p.target.size !== p.model.numParams) {
    throw new Error(`matchForward: expert parameters have ${p.start.size} and ${p.target.size} elements, the model ${p.model.numParams}`);
  }
  if (p.lr.size !== 1) throw new Error(`matchForward: the learned lr must have one element, got [${p.lr.shape}]`);
  const onHost = (p.thetaStore ?? 'host') === 'host';
  const cacheFrom = n - Math.max(0, Math.min(n, p.cacheSteps ?? 0));
  const leaves = cacheFrom < n ? { X: requiresGrad(p.images.detach()), Y: requiresGrad(p.labels.detach()) } : null;
  const cache = new Map<number, CachedStep>();
  const stored: (Promise<TensorData> | Tensor)[] = [];
  let theta = p.start;
  try {
    for (let i = 0; i < n; i++) {
      const keepGraph = i >= cacheFrom;
      const next = tidy(() => {
        const th = requiresGrad(theta.detach());
        const loss = studentLoss(p.model, th, leaves?.X ?? p.images, leaves?.Y ?? p.labels, p.plan[i]!, p.augment);
        const [g] = grad(loss, [th], { createGraph: keepGraph });
        if (keepGraph) cache.set(i, { th: th.keep(), g: g.keep() });
        p.onMemory?.('forward', i);
        return axpyNeg(theta, g, p.lr);
      });
      next.keep();
      if (i + 1 < n) stored.push(onHost ? next.data() : next);
      // A readback keeps its θ alive until it lands; waiting for all but the last READS_IN_FLIGHT bounds
      // those copies, so device memory stays flat in N even when the CPU runs ahead of the GPU.
      if (onHost && stored.length > READS_IN_FLIGHT) await stored[stored.length - 1 - READS_IN_FLIGHT];
      if (theta !== p.start && onHost) theta.dispose();
      theta = next;
    }
    const { sums, seed } = matchLossFused(theta, p.start, p.target, p.cut);
    const values = await sums.data();
    sums.dispose();
    const resolved = await Promise.all(stored.map((s) => s));
    return new MatchForward(p, resolved, theta, seed, values[2], values[0], values[1], leaves, cache);
  } catch (e) {
    for (const s of stored) if ((s as Tensor).isTensor) (s as Tensor).dispose();
    for (const c of cache.values()) [c.th, c.g].forEach((t) => t.dispose());
    leaves?.X.dispose();
    leaves?.Y.dispose();
    if (theta !== p.start && !stored.includes(theta)) theta.dispose();
    throw e;
  }
}

/** Loss and exact gradients of one PAD iteration (forward then reverse). */
export async function matchGradient(p: MatchProblem): Promise<{ loss: number; grads: MatchGradients }> {
  const fwd = await matchForward(p);
  return { loss: fwd.loss, grads: fwd.backward() };
}
