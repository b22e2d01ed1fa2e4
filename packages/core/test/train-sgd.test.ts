// Optimiser, batching, schedule and loss pieces of training, against PyTorch where it has a say.
import { describe, expect, it } from 'vitest';
import { cpuBackend, liveStorageStats, randomUniform, tensor, tidy, logSoftmax, softmax, mul, sum, neg, div } from '../src/index.js';
import { batchesPerEpoch, classificationLoss, countCorrect, epochBatches, Sgd, stepDecay } from '../src/train/index.js';

const be = cpuBackend();
const uniform = (seed: number, n: number) => randomUniform([n], { seed, backend: be, low: -1, high: 1 });

describe('Sgd', () => {
  it('matches torch.optim.SGD with momentum, weight decay and a restart at a new lr (atol 1e-12)', async () => {
    // scripts/reference/sgd_golden.py
    const torchResult = [-0.027372270933, 0.380043636857, -0.613978869913, 0.943227489829, -0.893837000964, 0.635392783229];
    const sgd = new Sgd({ lr: 0.1, momentum: 0.9, weightDecay: 5e-4 });
    let p = uniform(1, 6);
    for (let k = 0; k < 5; k++) {
      if (k === 3) {
        sgd.reset();
        sgd.setLr(0.01);
      }
      const next = sgd.step(p, uniform(10 + k, 6));
      p.dispose();
      p = next;
    }
    (await p.toArray()).forEach((v, i) => expect(Math.abs(v - torchResult[i])).toBeLessThan(1e-12));
    sgd.dispose();
  });

  it('keeps only its momentum buffer alive between steps', () => {
    const sgd = new Sgd({ lr: 0.1, momentum: 0.9 });
    const p0 = uniform(1, 100);
    const g0 = uniform(2, 100);
    const before = liveStorageStats().storages;
    let p = sgd.step(p0, g0);
    const afterOne = liveStorageStats().storages;
    for (let k = 0; k < 5; k++) {
      const g = uniform(3 + k, 100);
      const next = sgd.step(p, g);
      g.dispose();
      p.dispose();
      p = next;
    }
    expect(liveStorageStats().storages).toBe(afterOne);
    sgd.dispose();
    p.dispose();
    expect(liveStorageStats().storages).toBe(before);
  });
});

describe('minibatches and schedule', () => {
  it('an epoch visits every sample once, seeded, with a smaller last batch', () => {
    const b = epochBatches(1000, 256, 7, 0);
    expect(b.map((x) => x.length)).toEqual([256, 256, 256, 232]);
    expect(batchesPerEpoch(1000, 256)).toBe(4);
    const all = b.flatMap((x) => Array.from(x)).sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(epochBatches(1000, 256, 7, 0)[0])).toEqual(Array.from(b[0]));
    expect(Array.from(epochBatches(1000, 256, 7, 1)[0])).not.toEqual(Array.from(b[0]));
    expect(Array.from(b[0].slice(0, 10))).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('step decay drops after each milestone epoch', () => {
    expect([0, 500, 501, 502, 1000].map((e) => stepDecay(0.01, e, [501]))).toEqual([0.01, 0.01, 0.01, 0.01 * 0.1, 0.01 * 0.1]);
    expect(stepDecay(1, 10, [2, 5], 0.5)).toBe(0.25);
  });
});

describe('losses', () => {
  it('soft labels are logits: PAD\'s SoftCrossEntropy (rel 1e-12)', async () => {
    const logits = randomUniform([4, 5], { seed: 1, backend: be, low: -3, high: 3 });
    const target = randomUniform([4, 5], { seed: 2, backend: be, low: -3, high: 3 });
    const ours = (await classificationLoss(logits, target).data())[0];
    const ref = (await tidy(() => div(neg(sum(mul(logSoftmax(logits, 1), softmax(target, 1)))), 4)).data())[0];
    expect(Math.abs(ours - ref)).toBeLessThan(1e-12 * Math.abs(ref));
    // Hard labels: -mean log p[label].
    const labels = tensor([0, 3, 4, 1], [4], { dtype: 'i32', backend: be });
    const lp = await logSoftmax(logits, 1).data();
    const hard = -(lp[0] + lp[5 + 3] + lp[10 + 4] + lp[15 + 1]) / 4;
    expect((await classificationLoss(logits, labels).data())[0]).toBeCloseTo(hard, 12);
  });

  it('counts arg-max agreement for hard and soft labels', async () => {
    const logits = tensor([3, 1, 0, 0, 2, 5, 9, 1, 2, 0, 0, 1], [4, 3], { backend: be });
    expect((await countCorrect(logits, tensor([0, 2, 0, 1], [4], { dtype: 'i32', backend: be })).data())[0]).toBe(3);
    const soft = tensor([5, 0, 0, 0, 0, 1, 0, 2, 0, 1, 0, 0], [4, 3], { backend: be });
    expect((await countCorrect(logits, soft).data())[0]).toBe(2);
  });
});
