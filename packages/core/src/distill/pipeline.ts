/**
 * The whole PAD pipeline as one resumable run in one folder (Node only): data -> EL2N scores ->
 * scheduled experts -> distillation with evaluations -> distilled.safetensors and report.json.
 * Every stage skips what an earlier (possibly killed) run finished, so rerunning the same command
 * continues where it stopped.
 */
import * as path from 'node:path';
import type { Backend } from '../backend/backend.js';
import type { ImageDataset } from '../data/dataset.js';
import { loadDataset } from '../data/node-datasets.js';
import { preprocessPair, type Preprocessing } from '../data/preprocess.js';
import { balancedSubset, classIndices } from '../data/subset.js';
import { diffAugment } from '../nn/augment/dsa.js';
import { strategyForDataset } from '../nn/augment/params.js';
import { createModel } from '../nn/models/factory.js';
import type { Model } from '../nn/model.js';
import { type DistillConfig, type DistillState, type IterationRecord, disposeDistillState } from './distill-loop.js';
import { runDistillStage } from './distill-stage.js';
import { writeOutputs } from './outputs.js';
import { runEl2nStage } from './el2n-stage.js';
import { FileExperts } from './expert-files.js';
import { type ExpertConfig, runExpertsStage } from './experts-stage.js';
import type { PadPreset } from './presets.js';
import type { SchedulerConfig } from './scheduler.js';
import { type Shard, WHOLE, assertSameConfig, dataFingerprint } from './stage-files.js';

export type Stage = 'data' | 'el2n' | 'experts' | 'distill' | 'evaluate';

export interface PadHooks {
  log?(message: string): void;
  /** A stage (or an evaluation) starts; `total` units of `unit` are to be done. */
  begin?(stage: Stage, total: number, unit: string, label?: string): void;
  progress?(stage: Stage, done: number, fields?: Record<string, number | string>): void;
  end?(stage: Stage): void;
}

export interface PadRunOptions {
  out: string;
  preset: PadPreset;
  /** Late removal of the easiest samples (off when undefined). */
  removal?: Pick<SchedulerConfig, 'rmEpochFirst' | 'rmEpochSecond' | 'rmRatioFirst' | 'rmRatioSecond'>;
  dataDir?: string;
  seed: number;
  /** DSA everywhere the reference uses it (scoring networks, experts, inner loop, evaluation). */
  dsa: boolean;
  checkpointEvery: number;
  thetaStore?: 'host' | 'device';
  cacheSteps?: number;
  backend: Backend;
  device: Record<string, unknown>;
  shard?: Shard;
  /** Stop after this stage (the el2n and experts commands). */
  until?: 'el2n' | 'experts' | 'distill';
  hooks?: PadHooks;
}

export interface PadData {
  train: ImageDataset;
  test: ImageDataset;
  preprocessing: Preprocessing;
  subsetIndices: Int32Array | null;
}

/** Loads, preprocesses (mean/std or ZCA, as the reference) and subsets the data of a preset. */
export async function loadPadData(p: PadPreset, dataDir: string | undefined, seed: number): Promise<PadData> {
  const [rawTrain, rawTest] = await Promise.all([loadDataset(p.dataset, { dir: dataDir, split: 'train' }), loadDataset(p.dataset, { dir: dataDir, split: 'test' })]);
  const { train, test: fullTest, preprocessing } = preprocessPair(p.dataset, rawTrain, rawTest, { zca: p.zca });
  const test = p.testSubset > 0 && p.testSubset < fullTest.n ? balancedSubset(fullTest, { total: p.testSubset }, seed).dataset : fullTest;
  if (p.subset > 0 && p.subset < train.n) {
    const { dataset, indices } = balancedSubset(train, { total: p.subset }, seed);
    return { train: dataset, test, preprocessing, subsetIndices: indices };
  }
  return { train, test, preprocessing, subsetIndices: null };
}

export function padModel(p: PadPreset, d: ImageDataset): Model {
  return createModel(p.model, { channels: d.channels, height: d.height, width: d.width, numClasses: d.numClasses, netWidth: p.width, depth: p.depth });
}

export function distillConfigOf(p: PadPreset, seed: number, thetaStore?: 'host' | 'device', cacheSteps?: number): DistillConfig {
  const { init: _init, ...rest } = p.distill;
  return { ...rest, momentumImg: 0.5, momentumLr: 0.5, momentumLabel: 0.9, seed, thetaStore, cacheSteps: cacheSteps ?? p.distill.cacheSteps ?? 0 };
}

export interface PadResult {
  report: Record<string, unknown>;
  files: Record<string, string | string[]>;
}

export async function runPad(o: PadRunOptions): Promise<PadResult | null> {
  const h = o.hooks ?? {};
  const log = (m: string) => h.log?.(m);
  const p = o.preset;
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  const timed = async <T>(stage: string, fn: () => Promise<T>): Promise<T> => {
    const s = performance.now();
    try {
      return await fn();
    } finally {
      timings[stage] = (timings[stage] ?? 0) + (performance.now() - s) / 1000;
    }
  };

  h.begin?.('data', 1, 'step', `data (${p.dataset})`);
  const data = await timed('data', () => loadPadData(p, o.dataDir, o.seed));
  h.progress?.('data', 1);
  h.end?.('data');
  const { train, test } = data;
  log(`data: ${train.n} training images${data.subsetIndices ? ' (class-balanced subset)' : ''}, ${test.n} test images, ${data.preprocessing.kind} preprocessing`);
  const model = padModel(p, train);
  const strategy = strategyForDataset(p.dataset);
  const dsa = o.dsa ? { strategy } : (false as const);
  const files: Record<string, string | string[]> = {};

  // EL2N: only needed when the scheduler orders samples (IR < 1 or late removal).
  const scheduler: SchedulerConfig = { initRatio: p.experts.initRatio, addEndEpoch: p.experts.addEndEpoch, ...o.removal };
  const needsOrder = scheduler.initRatio < 1 || o.removal !== undefined;
  let order = classIndices(train.labels, train.numClasses);
  if (needsOrder) {
    const el2nCfg = { models: p.el2n.models, epochs: p.el2n.epochs, lr: p.experts.lr, batch: p.experts.batch, momentum: 0, weightDecay: 0, augment: dsa, seed: o.seed };
    const stepsPer = Math.ceil(train.n / el2nCfg.batch) * el2nCfg.epochs;
    h.begin?.('el2n', el2nCfg.models * stepsPer, 'step', `el2n (${el2nCfg.models} nets x ${el2nCfg.epochs} epochs)`);
    const res = await timed('el2n', () =>
      runEl2nStage({
        dir: o.out, model, train, config: el2nCfg, backend: o.backend, shard: o.shard, log,
        onTrainProgress: (k, tp) => h.progress?.('el2n', k * stepsPer + tp.step, { net: k + 1, loss: tp.loss }),
      }),
    );
    h.end?.('el2n');
    if (!res) return null;
    order = res.order;
    files.el2n = res.file;
  } else log('scheduler off (IR = 1): experts train on every sample every epoch; EL2N skipped');
  if (o.until === 'el2n') return { report: {}, files };

  const expertCfg: ExpertConfig = {
    experts: p.experts.experts, epochs: p.experts.epochs, lr: p.experts.lr, batch: p.experts.batch, momentum: 0, weightDecay: 0,
    augment: dsa, scheduler, seed: o.seed,
  };
  const shard = o.shard ?? WHOLE;
  const mine = Array.from({ length: expertCfg.experts }, (_, x) => x).filter((x) => x % shard.count === shard.index).length;
  h.begin?.('experts', mine * expertCfg.epochs, 'epoch', `experts (${expertCfg.experts} x ${expertCfg.epochs} epochs)`);
  let epochsDone = 0;
  const expertFiles = await timed('experts', () =>
    runExpertsStage({
      dir: o.out, model, train, order, config: expertCfg, backend: o.backend, shard: o.shard, log,
      onEpoch: (x, e, samples, tp) => h.progress?.('experts', ++epochsDone, { expert: x + 1, epoch: e + 1, samples, ...(tp ? { loss: tp.loss, acc: tp.accuracy } : {}) }),
    }),
  );
  h.end?.('experts');
  files.experts = expertFiles;
  if (o.until === 'experts') return { report: {}, files };
  if (shard.count > 1) throw new Error('distillation runs in one process: drop --shard (experts from every shard are read from the folder)');

  const expertIdentity = { ...expertCfg, model: model.name, numParams: model.numParams, data: dataFingerprint(train) };
  const experts = await FileExperts.open(o.out, (file, cfg) => assertSameConfig(file, cfg, expertIdentity));
  if (experts.count < expertCfg.experts) throw new Error(`only ${experts.count} of ${expertCfg.experts} experts are finished in ${path.join(o.out, 'experts')}; run 'pad-gpu experts' (every shard) first`);

  const config = distillConfigOf(p, o.seed, o.thetaStore, o.cacheSteps);
  const evaluation = { every: p.evaluation.every, epochs: p.evaluation.epochs, runs: p.evaluation.runs, batch: p.evaluation.batch, model: p.model, modelOptions: { netWidth: p.width, depth: p.depth }, augment: dsa, seed: o.seed };
  const augment = o.dsa ? (x: Parameters<typeof diffAugment>[0], seed: number) => diffAugment(x, seed, { strategy }) : undefined;
  h.begin?.('distill', config.iterations, 'it', `distill (N=${config.syntheticSteps}, IPC ${p.ipc})`);
  let state: DistillState | null = null;
  // A resumed run's bar counts only the iterations left, so its rate and ETA are this run's.
  let resumedAt: number | null = null;
  const onIteration = (r: IterationRecord, s: DistillState) => {
    if (resumedAt === null) {
      resumedAt = s.iteration - 1;
      if (resumedAt > 0) h.begin?.('distill', config.iterations - resumedAt, 'it', `distill (N=${config.syntheticSteps}, IPC ${p.ipc}, resumed after ${resumedAt})`);
    }
    const done = s.history.filter((x) => !x.skipped).length;
    h.progress?.('distill', s.iteration - resumedAt, { loss: r.loss, lr: r.lr, updated: `${done}/${s.history.length}` });
  };
  try {
    const res = await timed('distill', () =>
      runDistillStage({
        dir: o.out, model, train, test, experts, config, ipc: p.ipc, init: p.distill.init, evaluation, augment, backend: o.backend,
        preprocessing: data.preprocessing, checkpointEvery: o.checkpointEvery, identity: { dataset: p.dataset, subset: p.subset, zca: p.zca, dsa: o.dsa, testSubset: p.testSubset },
        log, onIteration,
        onEvalProgress: (it, run, runs, tp) => {
          if (run === 0 && !tp) h.begin?.('evaluate', runs * (evaluation.epochs + 1), 'epoch', `evaluate it ${it} (${runs} x ${evaluation.epochs} epochs)`);
          h.progress?.('evaluate', run * (evaluation.epochs + 1) + (tp ? tp.epoch + 1 : 0), tp ? { run: run + 1, loss: tp.loss } : { run });
          if (run === runs && !tp) h.end?.('evaluate');
        },
      }),
    );
    h.end?.('distill');
    state = res.state;
    const { report, distilled, reportFile } = await writeOutputs({
      out: o.out, preset: p, seed: o.seed, dsa: o.dsa, removal: o.removal, checkpointEvery: o.checkpointEvery, device: o.device,
      data, config, evaluation, experts, stage: res, timings, startedAt: t0, files,
    });
    Object.assign(files, { distilled, report: reportFile, checkpoint: res.checkpoint, grids: report.files.grids });
    return { report, files };
  } finally {
    if (state) disposeDistillState(state);
  }
}
