// trainModel / evaluateAccuracy / evaluateSynset on a small separable problem (cpu, float64).
import { describe, expect, it } from 'vitest';
import { cpuBackend, liveStorageStats, tensor, webgpuBackend, type Backend, type Tensor } from '../src/index.js';
import { createModel } from '../src/nn/models/index.js';
import { random } from '../src/index.js';
import { evaluateAccuracy, evaluateSynset, trainModel, TrainingDivergedError, type TrainProgress } from '../src/train/index.js';

const be = cpuBackend();

/** Three classes of 8x8 images: a bright top-left square, bottom-right square or middle band, in noise. */
function dataset(n: number, seed: number): { images: Tensor; labels: Tensor } {
  const key = random.streamKey(seed);
  const x = new Float32Array(n * 64);
  const y = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    const c = s % 3;
    y[s] = c;
    for (let i = 0; i < 8; i++)
      for (let j = 0; j < 8; j++) {
        const on = c === 0 ? i < 4 && j < 4 : c === 1 ? i >= 4 && j >= 4 : i >= 3 && i < 5;
        x[s * 64 + i * 8 + j] = (on ? 1 : 0) + 0.8 * (random.uniformAt(key, s * 64 + i * 8 + j) - 0.5);
      }
  }
  return { images: tensor(x, [n, 1, 8, 8], { backend: be }), labels: tensor(y, [n], { dtype: 'i32', backend: be }) };
}

const model = () => createModel('convnet', { channels: 1, height: 8, width: 8, numClasses: 3, netWidth: 4, depth: 1 });

describe('trainModel', () => {
  it('learns a separable problem (test accuracy >= 0.9), reports progress, leaks nothing', async () => {
    const train = dataset(60, 1);
    const test = dataset(90, 2);
    const m = model();
    const before = liveStorageStats().storages;
    const reports: TrainProgress[] = [];
    const epochsSeen: number[] = [];
    const res = await trainModel(m, {
      ...train, epochs: 12, lr: 0.05, batch: 16, seed: 3, reportEvery: 2, augment: { strategy: 'crop_flip' },
      onProgress: (p) => reports.push(p),
      onEpochEnd: (e, p) => void epochsSeen.push(p.shape[0] === m.numParams ? e : -1),
    });
    expect(res.steps).toBe(12 * 4);
    expect(epochsSeen).toEqual([...Array(12).keys()]);
    expect(reports.length).toBeGreaterThan(12);
    expect(reports.at(-1)!.step).toBe(48);
    expect(reports.at(-1)!.totalSteps).toBe(48);
    expect(reports.every((r) => r.imagesPerSecond > 0 && r.accuracy >= 0 && r.accuracy <= 1)).toBe(true);
    expect(res.losses.at(-1)!).toBeLessThan(res.losses[0] * 0.5);
    const acc = await evaluateAccuracy(m, res.params, test.images, test.labels, { batch: 32 });
    expect(acc).toBeGreaterThanOrEqual(0.9);
    res.params.dispose();
    expect(liveStorageStats().storages).toBe(before);
  });

  it('stops with a clear error when the loss becomes NaN/Inf', async () => {
    const train = dataset(30, 1);
    // A corrupt soft label (NaN logit) poisons its batch's loss.
    const y = await train.labels.toArray();
    const soft: number[] = y.flatMap((c) => [0, 1, 2].map((k) => (k === c ? 3 : 0)));
    soft[7] = Number.NaN;
    const labels = tensor(soft, [30, 3], { backend: be });
    await expect(trainModel(model(), { images: train.images, labels, epochs: 2, lr: 0.01, batch: 10, reportEvery: 1 }))
      .rejects.toThrow(/training diverged: the training loss is NaN at epoch 0, step \d \(learning rate 0.01\); lower the learning rate or check the data/);
    await expect(trainModel(model(), { ...train, epochs: 1, lr: Number.POSITIVE_INFINITY, batch: 10, reportEvery: 1 })).rejects.toThrow(TrainingDivergedError);
  });

  it('batch-norm models train with running statistics and evaluate in eval mode', async () => {
    const train = dataset(60, 1);
    const test = dataset(60, 4);
    const m = createModel('convnetbn', { channels: 1, height: 8, width: 8, numClasses: 3, netWidth: 4, depth: 1 });
    const res = await trainModel(m, { ...train, epochs: 8, lr: 0.05, batch: 16, seed: 5 });
    const rv = await res.state!.get('features.1.running_var')!.toArray();
    expect(rv.some((v) => Math.abs(v - 1) > 1e-3)).toBe(true); // updated away from the initial 1
    expect(await evaluateAccuracy(m, res.params, test.images, test.labels, { state: res.state })).toBeGreaterThanOrEqual(0.9);
  });
});

describe('evaluateSynset', () => {
  it('runs the protocol R times on soft labels and reports mean and population std', async () => {
    const syn = dataset(9, 6);
    const test = dataset(60, 7);
    // Soft labels as logits: 4 for the true class, 0 elsewhere.
    const y = await syn.labels.toArray();
    const soft = tensor(y.flatMap((c) => [0, 1, 2].map((k) => (k === c ? 4 : 0))), [9, 3], { backend: be });
    const runEnds: number[] = [];
    const res = await evaluateSynset(syn.images, soft, {
      testImages: test.images, testLabels: test.labels, lr: 0.05, epochs: 30, runs: 2, numClasses: 3,
      modelOptions: { netWidth: 4, depth: 1 }, augment: false, onRunEnd: (r) => runEnds.push(r),
    });
    expect(runEnds).toEqual([0, 1]);
    expect(res.accuracies).toHaveLength(2);
    const mean = (res.accuracies[0] + res.accuracies[1]) / 2;
    expect(res.mean).toBeCloseTo(mean, 12);
    expect(res.std).toBeCloseTo(Math.abs(res.accuracies[0] - res.accuracies[1]) / 2, 12);
    expect(res.mean).toBeGreaterThan(0.8); // 9 clean prototypes of an easy problem
  });
});

describe('trainModel on webgpu', () => {
  it('follows the cpu run: same init, batches and DSA give the same loss curve (rel 2e-3), soft labels too', async () => {
    const gpu = await webgpuBackend();
    const run = async (backend: Backend) => {
      const d = dataset(48, 1);
      const y = await d.labels.toArray();
      const soft = tensor(y.flatMap((c) => [0, 1, 2].map((k) => (k === c ? 2 : 0))), [48, 3], { backend });
      const images = tensor(await d.images.data(), [48, 1, 8, 8], { backend });
      const res = await trainModel(model(), { images, labels: soft, epochs: 3, lr: 0.05, batch: 16, seed: 9, reportEvery: 1, augment: {} });
      res.params.dispose();
      return res.losses;
    };
    const [a, b] = [await run(be), await run(gpu)];
    expect(b).toHaveLength(a.length);
    a.forEach((l, i) => expect(Math.abs(b[i] - l) / l, `step ${i}: cpu ${l}, webgpu ${b[i]}`).toBeLessThan(2e-3));
    expect(a.at(-1)!).toBeLessThan(a[0]);
  });
});
