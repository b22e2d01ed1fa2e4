import { describe, expect, it } from 'vitest';
import {
  add, cpuBackend, liveStorageStats, mul, randomNormal, randomUniform, scalar, tidy, type Tensor,
} from '../src/index.js';
import { embeddingCut } from '../src/distill/mask.js';
import { unrollPlan } from '../src/distill/plan.js';
import { type MatchProblem } from '../src/distill/exact-gradient.js';
import { matchForward, matchGradient } from '../src/distill/exact-forward.js';
import { matchGradientFullUnroll } from '../src/distill/full-unroll.js';
import { tinyConvModel } from '../src/distill/tiny-model.js';

const be = cpuBackend();

/** A seeded, differentiable stand-in for DSA: per-sample brightness and contrast from the seed. */
function testAugment(x: Tensor, seed: number): Tensor {
  return tidy(() => {
    const n = x.shape[0];
    const gain = randomUniform([n, 1, 1, 1], { seed, low: 0.8, high: 1.2, backend: x.backend });
    const shift = randomUniform([n, 1, 1, 1], { seed, offset: 1000, low: -0.1, high: 0.1, backend: x.backend });
    return add(mul(x, gain), shift);
  });
}

function problem(steps: number, seed = 7): MatchProblem {
  const model = tinyConvModel({ channels: 1, size: 6, classes: 3, width: 2 });
  const start = model.init(seed, be);
  const target = tidy(() => add(start, mul(randomNormal([model.numParams], { seed: seed + 1, backend: be }), 0.05)));
  return {
    model,
    images: randomNormal([6, 1, 6, 6], { seed: seed + 2, backend: be }),
    labels: mul(randomNormal([6, 3], { seed: seed + 3, backend: be }), 2),
    lr: scalar(0.07, { backend: be }),
    start,
    target,
    cut: embeddingCut(model.numParams, 0.25),
    plan: unrollPlan(6, 4, steps, seed + 4),
    augment: testAugment,
  };
}

function disposeProblem(p: MatchProblem): void {
  for (const t of [p.images, p.labels, p.lr, p.start, p.target]) t.dispose();
}

function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  let err = 0;
  for (let i = 0; i < a.length; i++) err = Math.max(err, Math.abs(a[i] - b[i]));
  return err / scale;
}

describe('exact constant-memory gradient (float64 CPU)', () => {
  it('equals differentiating the whole stored unroll (images, label logits, learned lr)', async () => {
    const p = problem(5);
    const before = liveStorageStats().storages;
    const exact = await matchGradient(p);
    const full = await matchGradientFullUnroll(p);
    expect(Math.abs(exact.loss - full.loss) / full.loss).toBeLessThan(1e-12);
    // Tolerance 1e-10 relative to each gradient's largest entry: both are float64 sums of the same
    // terms in different orders.
    for (const k of ['images', 'labels', 'lr'] as const) {
      const a = await exact.grads[k].data();
      const b = await full.grads[k].data();
      expect(a.length).toBe(b.length);
      expect(maxRelErr(a, b)).toBeLessThan(1e-10);
      expect(Math.max(...Array.from(b, Math.abs))).toBeGreaterThan(0);
    }
    for (const g of [...Object.values(exact.grads), ...Object.values(full.grads)]) g.dispose();
    expect(liveStorageStats().storages).toBe(before);
    disposeProblem(p);
  });

  it('agrees with central finite differences along random directions', async () => {
    const p = problem(4, 21);
    const { grads } = await matchGradient(p);
    const lossAt = async (q: MatchProblem) => {
      const f = await matchForward(q);
      f.dispose();
      return f.loss;
    };
    const eps = 1e-5;
    // Images and label logits: directional derivative <∇, D> for a random D.
    for (const k of ['images', 'labels'] as const) {
      const d = randomNormal(p[k].shape, { seed: 99, backend: be });
      const plus = add(p[k], mul(d, eps));
      const minus = add(p[k], mul(d, -eps));
      const fd = ((await lossAt({ ...p, [k]: plus })) - (await lossAt({ ...p, [k]: minus }))) / (2 * eps);
      const g = await grads[k].data();
      const dv = await d.data();
      const an = Array.from(g).reduce((s, v, i) => s + v * dv[i], 0);
      // Central differences: O(eps²) truncation, so 1e-6 relative is a real check.
      expect(Math.abs(fd - an) / Math.abs(an)).toBeLessThan(1e-6);
      for (const t of [d, plus, minus]) t.dispose();
    }
    const lr = (await p.lr.item());
    const up = scalar(lr + eps, { backend: be });
    const down = scalar(lr - eps, { backend: be });
    const fd = ((await lossAt({ ...p, lr: up })) - (await lossAt({ ...p, lr: down }))) / (2 * eps);
    const an = await grads.lr.item();
    expect(Math.abs(fd - an) / Math.abs(an)).toBeLessThan(1e-6);
    for (const t of [up, down, ...Object.values(grads)]) t.dispose();
    disposeProblem(p);
  });

  it('matches with the trajectory kept on the device too, and with no embedding filter', async () => {
    const p = { ...problem(3, 11), cut: 0, thetaStore: 'device' as const };
    const exact = await matchGradient(p);
    const full = await matchGradientFullUnroll(p);
    for (const k of ['images', 'labels', 'lr'] as const) expect(maxRelErr(await exact.grads[k].data(), await full.grads[k].data())).toBeLessThan(1e-10);
    for (const g of [...Object.values(exact.grads), ...Object.values(full.grads)]) g.dispose();
    disposeProblem(p);
  });

  it('caching the last K steps\' graphs (a speed knob) gives the same gradient', async () => {
    for (const cacheSteps of [2, 5]) {
      const p = { ...problem(5, 13), cacheSteps };
      const before = liveStorageStats().storages;
      const exact = await matchGradient(p);
      const full = await matchGradientFullUnroll(p);
      for (const k of ['images', 'labels', 'lr'] as const) expect(maxRelErr(await exact.grads[k].data(), await full.grads[k].data())).toBeLessThan(1e-10);
      for (const g of [...Object.values(exact.grads), ...Object.values(full.grads)]) g.dispose();
      expect(liveStorageStats().storages).toBe(before);
      disposeProblem(p);
    }
    // Skipped iterations free the cached graphs too.
    const p = { ...problem(4, 3), cacheSteps: 3 };
    const before = liveStorageStats().storages;
    (await matchForward(p)).dispose();
    expect(liveStorageStats().storages).toBe(before);
    disposeProblem(p);
  });

  it('a skipped iteration frees its trajectory without a reverse pass', async () => {
    const p = problem(4, 3);
    const before = liveStorageStats().storages;
    const fwd = await matchForward(p);
    expect(Number.isFinite(fwd.loss) && fwd.loss > 0).toBe(true);
    expect(fwd.loss).toBeCloseTo(fwd.num / fwd.den, 12);
    fwd.dispose();
    expect(liveStorageStats().storages).toBe(before);
    disposeProblem(p);
  });

  it('peak live memory does not grow with N (the stored unroll does)', async () => {
    const peak = async (steps: number, full: boolean): Promise<number> => {
      const p = problem(steps, 5);
      const base = liveStorageStats().bytes;
      let top = 0;
      p.onMemory = () => {
        top = Math.max(top, liveStorageStats().bytes - base);
      };
      const r = full ? await matchGradientFullUnroll(p) : await matchGradient(p);
      for (const g of Object.values(r.grads)) g.dispose();
      disposeProblem(p);
      return top;
    };
    const exact = [await peak(2, false), await peak(8, false), await peak(32, false)];
    const stored = [await peak(2, true), await peak(8, true), await peak(32, true)];
    console.log(`peak live bytes for N = 2, 8, 32: exact ${exact.join(', ')}; stored unroll ${stored.join(', ')}`);
    expect(exact[2]).toBe(exact[0]);
    expect(exact[1]).toBe(exact[0]);
    expect(stored[2]).toBeGreaterThan(8 * stored[0]);
  });
});
