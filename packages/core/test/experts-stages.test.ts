import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cpuBackend, createModel, makeDataset, random } from '../src/node.js';
import { runEl2nStage, loadEl2n } from '../src/distill/el2n-stage.js';
import { runExpertsStage, type ExpertConfig } from '../src/distill/experts-stage.js';
import { FileExperts, expertFile, readExpertInfo, readTrajectory } from '../src/distill/expert-files.js';
import type { El2nConfig } from '../src/distill/el2n.js';

const be = cpuBackend();
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'pad-stage-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** 45 random 8x8 images in 3 classes of different sizes (20, 15, 10), class-dependent mean. */
function dataset() {
  const n = 45;
  const key = random.streamKey(77);
  const labels = Int32Array.from({ length: n }, (_, i) => (i < 20 ? 0 : i < 35 ? 1 : 2));
  const images = Float32Array.from({ length: n * 64 }, (_, j) => random.uniformAt(key, j) - 0.5 + 0.3 * labels[Math.floor(j / 64)]);
  return makeDataset({ name: 'toy/train', images, labels, n, channels: 1, height: 8, width: 8, numClasses: 3 });
}
const train = dataset();
const model = createModel('convnet', { channels: 1, height: 8, width: 8, numClasses: 3, netWidth: 4, depth: 2 });
const el2nCfg: El2nConfig = { models: 2, epochs: 1, lr: 0.01, batch: 16, momentum: 0, weightDecay: 0, augment: false, seed: 3 };
const expertCfg: ExpertConfig = {
  experts: 2, epochs: 3, lr: 0.05, batch: 16, momentum: 0, weightDecay: 0, augment: false,
  scheduler: { initRatio: 0.5, addEndEpoch: 2 }, seed: 5,
};

describe('EL2N stage', () => {
  it('scores every sample, orders each class easy to hard, and sharded runs merge to the same result', async () => {
    const whole = tmp();
    const res = (await runEl2nStage({ dir: whole, model, train, config: el2nCfg, backend: be }))!;
    expect(res.scores.length).toBe(45);
    expect(res.order.map((o) => o.length)).toEqual([20, 15, 10]);
    for (const o of res.order) for (let i = 1; i < o.length; i++) expect(res.scores[o[i]]).toBeGreaterThanOrEqual(res.scores[o[i - 1]]);
    expect(res.scores.every((s) => s >= 0 && s <= Math.SQRT2)).toBe(true);
    const split = tmp();
    const logs: string[] = [];
    expect(await runEl2nStage({ dir: split, model, train, config: el2nCfg, backend: be, shard: { index: 0, count: 2 }, log: (m) => logs.push(m) })).toBeNull();
    expect(logs.join('\n')).toMatch(/waiting for scoring networks 1/);
    expect(await runEl2nStage({ dir: split, model, train, config: el2nCfg, backend: be, shard: { index: 1, count: 2 } })).toBeNull();
    const merged = (await runEl2nStage({ dir: split, model, train, config: el2nCfg, backend: be, shard: { index: 0, count: 2 } }))!;
    // Shard scores are computed in other batches, so the float64 sums may round differently.
    merged.scores.forEach((s, i) => expect(s).toBeCloseTo(res.scores[i], 5));
    expect((await loadEl2n(split, train)).order.map((o) => o.length)).toEqual([20, 15, 10]);
  });

  it('refuses scores of another configuration, naming the setting', async () => {
    const dir = tmp();
    await runEl2nStage({ dir, model, train, config: el2nCfg, backend: be });
    await expect(runEl2nStage({ dir, model, train, config: { ...el2nCfg, epochs: 2 }, backend: be })).rejects.toThrow(/scores\.safetensors was made with different settings:\n {2}epochs: file has 1, this run has 2/);
  });
});

describe('experts stage', () => {
  const order = [Int32Array.from({ length: 20 }, (_, i) => i), Int32Array.from({ length: 15 }, (_, i) => 20 + i), Int32Array.from({ length: 10 }, (_, i) => 35 + i)];

  it('saves every epoch of every expert; an interrupted run resumes from the last saved epoch', async () => {
    const clean = tmp();
    await runExpertsStage({ dir: clean, model, train, order, config: expertCfg, backend: be });
    const info = await readExpertInfo(expertFile(clean, 1));
    expect(info.epochsDone).toBe(3);
    const full = await readTrajectory(expertFile(clean, 1));
    expect(full.length).toBe(4);
    expect(full[0].length).toBe(model.numParams);

    const killed = tmp();
    const seen: string[] = [];
    await expect(
      runExpertsStage({
        dir: killed, model, train, order, config: expertCfg, backend: be,
        onEpoch: (x, e, samples) => {
          seen.push(`${x}:${e}:${samples}`);
          if (x === 1 && e === 1) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    // Scheduled subsets, int(p * class size) per class of 20, 15, 10: p = 0.5 gives 10 + 7 + 5, p = 0.75 gives 15 + 11 + 7.
    expect(seen).toEqual(['0:0:22', '0:1:33', '0:2:45', '1:0:22', '1:1:33']);
    expect((await readExpertInfo(expertFile(killed, 1))).epochsDone).toBe(2);
    const resumedLog: string[] = [];
    await runExpertsStage({ dir: killed, model, train, order, config: expertCfg, backend: be, log: (m) => resumedLog.push(m) });
    expect(resumedLog.join('\n')).toMatch(/expert 1: resuming after epoch 2 of 3/);
    const resumed = await readTrajectory(expertFile(killed, 1));
    // Saved snapshots are f32, so the resumed epoch starts from rounded parameters: equal to 1e-5.
    resumed[3].forEach((v, i) => expect(v).toBeCloseTo(full[3][i], 5));
    const src = await FileExperts.open(killed);
    expect(src.count).toBe(2);
    expect(src.snapshots(0)).toBe(4);
    expect(Array.from(await src.read(1, 2))).toEqual(Array.from(resumed[2]));
  });

  it('shards split the experts between processes into one folder', async () => {
    const dir = tmp();
    const a = await runExpertsStage({ dir, model, train, order, config: { ...expertCfg, experts: 3 }, backend: be, shard: { index: 0, count: 2 } });
    const b = await runExpertsStage({ dir, model, train, order, config: { ...expertCfg, experts: 3 }, backend: be, shard: { index: 1, count: 2 } });
    expect(a.map((f) => path.basename(f))).toEqual(['expert_0000.safetensors', 'expert_0002.safetensors']);
    expect(b.map((f) => path.basename(f))).toEqual(['expert_0001.safetensors']);
    expect((await FileExperts.open(dir)).count).toBe(3);
  });

  it('bad files and mismatched settings fail with the file named', async () => {
    const dir = tmp();
    await runExpertsStage({ dir, model, train, order, config: expertCfg, backend: be });
    await expect(runExpertsStage({ dir, model, train, order, config: { ...expertCfg, lr: 0.02 }, backend: be })).rejects.toThrow(/expert_0000\.safetensors was made with different settings:\n {2}lr: file has 0\.05, this run has 0\.02/);
    writeFileSync(expertFile(dir, 1), 'not a safetensors file at all');
    await expect(FileExperts.open(dir)).rejects.toThrow(/expert_0001\.safetensors: not a safetensors file/);
    await expect(FileExperts.open(tmp())).rejects.toThrow(/no expert trajectories: .*experts does not exist/);
  });
});
