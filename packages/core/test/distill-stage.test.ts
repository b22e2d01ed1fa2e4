import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cpuBackend, createModel, loadSafetensors, makeDataset, random } from '../src/node.js';
import { runExpertsStage } from '../src/distill/experts-stage.js';
import { FileExperts } from '../src/distill/expert-files.js';
import { runDistillStage, type DistillStageOptions } from '../src/distill/distill-stage.js';
import { checkpointFile } from '../src/distill/checkpoint.js';
import { initSynthetic } from '../src/distill/synthetic-init.js';
import { argmaxRow, logitsOf } from '../src/distill/host-data.js';
import type { DistillConfig } from '../src/distill/distill-loop.js';

const be = cpuBackend();
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'pad-distill-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function toy(name: string, n: number, seed: number) {
  const key = random.streamKey(seed);
  const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
  const images = Float32Array.from({ length: n * 64 }, (_, j) => random.uniformAt(key, j) - 0.5 + 0.4 * labels[Math.floor(j / 64)]);
  return makeDataset({ name, images, labels, n, channels: 1, height: 8, width: 8, numClasses: 3 });
}
const train = toy('toy/train', 48, 1);
const test = toy('toy/test', 30, 2);
const model = createModel('convnet', { channels: 1, height: 8, width: 8, numClasses: 3, netWidth: 4, depth: 2 });
const order = [0, 1, 2].map((c) => Int32Array.from({ length: 16 }, (_, i) => 3 * i + c));

async function withExperts(): Promise<{ dir: string; experts: FileExperts }> {
  const dir = tmp();
  await runExpertsStage({
    dir, model, train, order, backend: be,
    config: { experts: 2, epochs: 3, lr: 0.1, batch: 16, momentum: 0, weightDecay: 0, augment: false, scheduler: { initRatio: 1, addEndEpoch: 0 }, seed: 1 },
  });
  return { dir, experts: await FileExperts.open(dir) };
}

const config: DistillConfig = {
  iterations: 5, syntheticSteps: 3, expertEpochs: 1, minStartEpoch: 0, maxStartEpoch: 2, batchSyn: 4,
  lrImg: 1, lrLr: 1e-5, lrLabel: 1, momentumImg: 0.5, momentumLr: 0.5, momentumLabel: 0.9, threshold: 100, alpha: 0.25, seed: 4,
};

function options(dir: string, experts: FileExperts, extra: Partial<DistillStageOptions> = {}): DistillStageOptions {
  return {
    dir, model, train, test, experts, config, ipc: 2, init: 'correct', backend: be, checkpointEvery: 2,
    evaluation: { every: 0, epochs: 2, runs: 1, model: 'convnet', modelOptions: { netWidth: 4, depth: 2 }, batch: 256, augment: false, seed: 0 },
    ...extra,
  };
}

describe('synthetic initialisation', () => {
  it("'correct' picks images an expert classifies correctly; labels average the correct experts' logits", async () => {
    const { experts } = await withExperts();
    const init = await initSynthetic({ model, data: train, ipc: 2, mode: 'correct', seed: 3, backend: be, expertFinal: { count: 2, load: (i) => experts.load(i, 3, be) } });
    expect(init.images.shape).toEqual([6, 1, 8, 8]);
    expect(Array.from(init.classes)).toEqual([0, 0, 1, 1, 2, 2]);
    const final0 = await experts.load(0, 3, be);
    const logits = await logitsOf(model, final0, train, init.sourceIndices);
    const correct = Array.from(init.sourceIndices, (_, i) => argmaxRow(logits, i, 3) === init.classes[i]);
    // Every picked image is classified correctly by expert 0, unless the class ran out (then a warning says so).
    expect(correct.every(Boolean) || init.warnings.length > 0).toBe(true);
    expect(init.labelAccuracy).toBe(correct.every(Boolean) ? 1 : init.labelAccuracy);
    for (const t of [init.images, init.labels, final0]) t.dispose();
  });

  it("'real' and 'noise' give the first expert's logits as soft labels", async () => {
    const { experts } = await withExperts();
    for (const mode of ['real', 'noise'] as const) {
      const init = await initSynthetic({ model, data: train, ipc: 1, mode, seed: 3, backend: be, expertFinal: { count: 2, load: (i) => experts.load(i, 3, be) } });
      const final0 = await experts.load(0, 3, be);
      const host = { ...train, images: Float32Array.from(await init.images.data()), labels: init.classes, n: 3 };
      const expected = await logitsOf(model, final0, host, [0, 1, 2]);
      const got = await init.labels.data();
      expected.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
      if (mode === 'noise') expect(Array.from(init.sourceIndices)).toEqual([-1, -1, -1]);
      for (const t of [init.images, init.labels, final0]) t.dispose();
    }
  });
});

describe('distillation stage with checkpoints', () => {
  it('resumes after an interruption and ends exactly where an uninterrupted run ends', async () => {
    const { dir, experts } = await withExperts();
    const clean = await runDistillStage(options(dir, experts));
    expect(clean.state.iteration).toBe(5);
    expect(clean.state.evaluations.map((e) => e.iteration)).toEqual([0, 5]);
    expect(clean.grids.length).toBe(2);

    const { dir: dir2, experts: experts2 } = await withExperts();
    await expect(
      runDistillStage(options(dir2, experts2, { onIteration: (r) => { if (r.iteration === 2) throw new Error('killed'); } })),
    ).rejects.toThrow('killed');
    const ck = await loadSafetensors(checkpointFile(dir2));
    expect(JSON.parse(ck.metadata.state).iteration).toBe(2);
    expect(ck.tensors.images.dtype).toBe('F64');
    const logs: string[] = [];
    const resumed = await runDistillStage(options(dir2, experts2, { log: (m) => logs.push(m) }));
    expect(logs.join('\n')).toMatch(/resuming distillation .* after iteration 2/);
    expect(resumed.state.history.map((r) => r.loss)).toEqual(clean.state.history.map((r) => r.loss));
    expect(Array.from(await resumed.state.images.value.data())).toEqual(Array.from(await clean.state.images.value.data()));
    expect(Array.from(await resumed.state.labels.value.data())).toEqual(Array.from(await clean.state.labels.value.data()));
    expect(await resumed.state.lr.value.item()).toBe(await clean.state.lr.value.item());
    // The initial evaluation happened before the interruption and is not repeated.
    expect(resumed.state.evaluations.map((e) => e.iteration)).toEqual([0, 5]);

    // A longer run continues the finished one; other settings must match.
    const longer = await runDistillStage(options(dir2, experts2, { config: { ...config, iterations: 6 } }));
    expect(longer.state.history.length).toBe(6);
    await expect(runDistillStage(options(dir2, experts2, { config: { ...config, lrImg: 2 } }))).rejects.toThrow(/checkpoint\.safetensors was made with different settings:\n {2}lrImg: file has 1, this run has 2/);
    writeFileSync(checkpointFile(dir2), Buffer.from([1, 2, 3]));
    await expect(runDistillStage(options(dir2, experts2))).rejects.toThrow(/checkpoint\.safetensors/);
  });
});
