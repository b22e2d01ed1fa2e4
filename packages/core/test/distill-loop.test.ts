import { describe, expect, it } from 'vitest';
import {
  cpuBackend, crossEntropy, grad, mul, randomNormal, requiresGrad, sub, tensor, tidy, type Tensor,
} from '../src/index.js';
import { tinyConvModel } from '../src/distill/tiny-model.js';
import { MemoryExperts } from '../src/distill/experts-source.js';
import {
  type DistillConfig, DistillDivergedError, type DistillState, disposeDistillState, newDistillState, runDistillation,
} from '../src/distill/distill-loop.js';
import { MomentumSgd } from '../src/distill/optim.js';

const be = cpuBackend();
const model = tinyConvModel({ channels: 1, size: 6, classes: 3, width: 3 });

/** Experts: plain SGD (lr 0.05) on a fixed random labelled set, full batch, snapshot per epoch. */
async function experts(count: number, epochs: number): Promise<MemoryExperts> {
  const x = randomNormal([12, 1, 6, 6], { seed: 100, backend: be });
  const y = tensor(Int32Array.from({ length: 12 }, (_, i) => i % 3), [12], { dtype: 'i32', backend: be });
  const trajs: Float64Array[][] = [];
  for (let e = 0; e < count; e++) {
    let theta = model.init(e + 1, be);
    const traj = [Float64Array.from(await theta.data())];
    for (let ep = 0; ep < epochs; ep++) {
      const next = tidy(() => {
        const th = requiresGrad(theta.detach());
        const [g] = grad(crossEntropy(model.forward(th, x), y), [th]);
        return sub(theta, mul(g, 0.05));
      });
      theta.dispose();
      theta = next;
      traj.push(Float64Array.from(await theta.data()));
    }
    theta.dispose();
    trajs.push(traj);
  }
  x.dispose();
  y.dispose();
  return new MemoryExperts(trajs, 0.05);
}

const config: DistillConfig = {
  iterations: 6, syntheticSteps: 4, expertEpochs: 2, minStartEpoch: 0, maxStartEpoch: 3, batchSyn: 6,
  lrImg: 0.3, lrLr: 1e-5, lrLabel: 0.3, momentumImg: 0.5, momentumLr: 0.5, momentumLabel: 0.9,
  threshold: 10, alpha: 0.25, seed: 9,
};

function freshState(c: DistillConfig): DistillState {
  return newDistillState(randomNormal([6, 1, 6, 6], { seed: 1, backend: be }), randomNormal([6, 3], { seed: 2, backend: be }), 0.05, c);
}

/** A deep copy (what a checkpoint round trip does, exactly, in float64). */
async function cloneState(s: DistillState): Promise<DistillState> {
  const copy = async (t: Tensor | null) => (t ? tensor(await t.data(), t.shape, { backend: be }) : null);
  const opt = async (o: MomentumSgd) => new MomentumSgd((await copy(o.value))!, o.lr, o.momentum, await copy(o.buf));
  return {
    ...s,
    images: await opt(s.images),
    labels: await opt(s.labels),
    lr: await opt(s.lr),
    history: [...s.history],
    evaluations: [...s.evaluations],
    warnings: [...s.warnings],
  };
}

describe('distillation loop (tiny model, float64 CPU)', () => {
  it('updates images, labels and lr, records losses, evaluates at 0, every K and at the end', async () => {
    const src = await experts(2, 5);
    const state = freshState(config);
    const before = Float64Array.from(await state.images.value.data());
    const evaluated: number[] = [];
    let checkpoints = 0;
    await runDistillation({ model, experts: src, config, backend: be }, state, {
      evaluateAt: (it) => it % 4 === 0 || it === config.iterations,
      evaluate: async (_s, it) => {
        evaluated.push(it);
        return { iteration: it, accuracies: [0.5], mean: 0.5, std: 0, lr: 0.05, seconds: 0 };
      },
      checkpoint: async () => void checkpoints++,
      checkpointEvery: 2,
    });
    expect(evaluated).toEqual([0, 4, 6]);
    expect(state.evaluations.map((e) => e.iteration)).toEqual([0, 4, 6]);
    expect(state.history.length).toBe(6);
    expect(state.history.every((r) => r.loss > 0 && Number.isFinite(r.loss) && !r.skipped)).toBe(true);
    expect(new Set(state.history.map((r) => r.startEpoch)).size).toBeGreaterThan(1);
    expect(checkpoints).toBeGreaterThanOrEqual(3 + 2);
    const after = await state.images.value.data();
    expect(after.some((v, i) => Math.abs(v - before[i]) > 1e-6)).toBe(true);
    expect(state.history[5].lr).not.toBe(0.05);
    disposeDistillState(state);
  });

  it('matching one segment repeatedly drives its loss down', async () => {
    const src = await experts(1, 3);
    const c = { ...config, iterations: 12, maxStartEpoch: 1, lrImg: 1, threshold: 100 };
    const state = await runDistillation({ model, experts: src, config: c, backend: be }, freshState(c));
    const losses = state.history.map((r) => r.loss);
    expect(losses[11]).toBeLessThan(0.8 * losses[0]);
    disposeDistillState(state);
  });

  it('a resumed run continues exactly like an uninterrupted one', async () => {
    const src = await experts(2, 5);
    const setup = { model, experts: src, config, backend: be };
    const straight = await runDistillation(setup, freshState(config));
    const half = await runDistillation({ ...setup, config: { ...config, iterations: 3 } }, freshState(config));
    const resumed = await runDistillation(setup, await cloneState(half));
    expect(resumed.history.map((r) => r.loss)).toEqual(straight.history.map((r) => r.loss));
    expect(Array.from(await resumed.images.value.data())).toEqual(Array.from(await straight.images.value.data()));
    expect(Array.from(await resumed.labels.value.data())).toEqual(Array.from(await straight.labels.value.data()));
    for (const s of [straight, half, resumed]) disposeDistillState(s);
  });

  it('skips the update when the loss exceeds the threshold', async () => {
    const src = await experts(1, 4);
    const state = freshState(config);
    const before = Array.from(await state.images.value.data());
    await runDistillation({ model, experts: src, config: { ...config, iterations: 2, threshold: 1e-12 }, backend: be }, state);
    expect(state.history.every((r) => r.skipped)).toBe(true);
    expect(Array.from(await state.images.value.data())).toEqual(before);
    disposeDistillState(state);
  });

  it('NaN in the loss stops the run with a clear message', async () => {
    const src = await experts(1, 4);
    src.trajectories[0][2][5] = Number.NaN;
    src.trajectories[0][3][5] = Number.NaN;
    src.trajectories[0][4][5] = Number.NaN;
    const state = freshState(config);
    await expect(runDistillation({ model, experts: src, config: { ...config, alpha: 0 }, backend: be }, state)).rejects.toThrow(DistillDivergedError);
    await expect(runDistillation({ model, experts: src, config: { ...config, alpha: 0 }, backend: be }, state)).rejects.toThrow(/iteration \d+ \(expert 0, start epoch \d\): the matching loss is NaN/);
    disposeDistillState(state);
  });

  it('checks the configuration and the expert coverage, naming the problem', async () => {
    const src = await experts(1, 3);
    const state = freshState(config);
    await expect(runDistillation({ model, experts: src, config, backend: be }, state)).rejects.toThrow(/expert 0 has 4 snapshots .* need epoch 4/);
    await expect(runDistillation({ model, experts: src, config: { ...config, minStartEpoch: 2, maxStartEpoch: 2 }, backend: be }, state)).rejects.toThrow(/window \[2, 2\) is empty/);
    await expect(runDistillation({ model, experts: src, config: { ...config, maxStartEpoch: 2, alpha: 1 }, backend: be }, state)).rejects.toThrow(/alpha/);
    disposeDistillState(state);
  });
});
