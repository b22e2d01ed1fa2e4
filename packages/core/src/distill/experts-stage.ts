/**
 * `pad-gpu experts` as files (Node only): X experts trained with SGD (reference buffer_CL.py: lr 0.01,
 * batch 256, no momentum or weight decay, DSA) on PAD's scheduled subsets (scheduler.ts), saving the
 * flat parameters after every epoch into experts/expert_<i>.safetensors (expert-files.ts). A rerun skips
 * finished experts and continues an unfinished one from its last saved epoch; `--shard i/n` trains
 * experts i, i+n, i+2n, ... so independent processes or machines fill one folder.
 */
import type { Backend } from '../backend/backend.js';
import type { ImageDataset } from '../data/dataset.js';
import { saveSafetensors } from '../io/node-outputs.js';
import type { SafeTensor } from '../io/safetensors.js';
import type { DsaOptions } from '../nn/augment/dsa.js';
import type { Model } from '../nn/model.js';
import { tensor } from '../ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { trainModel, type TrainProgress } from '../train/train.js';
import { EXPERT_FORMAT, epochKey, expertFile, readExpertInfo, readTrajectory } from './expert-files.js';
import { uploadRows } from './host-data.js';
import { iterationSeed } from './schedule.js';
import { type SchedulerConfig, checkSchedulerConfig, epochIndices } from './scheduler.js';
import { type Shard, WHOLE, assertSameConfig, dataFingerprint, exists } from './stage-files.js';

export interface ExpertConfig {
  experts: number;
  epochs: number;
  lr: number;
  batch: number;
  momentum: number;
  weightDecay: number;
  augment: DsaOptions | false;
  scheduler: SchedulerConfig;
  seed: number;
}

export function checkExpertConfig(c: ExpertConfig): void {
  for (const k of ['experts', 'epochs', 'batch'] as const) if (!Number.isInteger(c[k]) || c[k] < 1) throw new Error(`experts: ${k} must be a whole number >= 1, got ${c[k]}`);
  if (!(c.lr > 0)) throw new Error(`experts: lr must be positive, got ${c.lr}`);
  checkSchedulerConfig(c.scheduler);
}

export interface ExpertsStageOptions {
  dir: string;
  model: Model;
  train: ImageDataset;
  /** Each class's indices easy to hard (EL2N); ignored when the scheduler is off (IR = 1). */
  order: Int32Array[];
  config: ExpertConfig;
  backend: Backend;
  shard?: Shard;
  onEpoch?: (expert: number, epoch: number, samples: number, p: TrainProgress | null) => void;
  log?: (message: string) => void;
}

function stageConfig(o: ExpertsStageOptions): Record<string, unknown> {
  return { ...o.config, model: o.model.name, numParams: o.model.numParams, data: dataFingerprint(o.train) };
}

async function save(file: string, traj: readonly Float32Array[], cfg: Record<string, unknown>): Promise<void> {
  const tensors: Record<string, SafeTensor> = {};
  traj.forEach((p, e) => (tensors[epochKey(e)] = { dtype: 'F32', shape: [p.length], data: p }));
  await saveSafetensors(file, tensors, { format: EXPERT_FORMAT, config: JSON.stringify(cfg), epochs_done: String(traj.length - 1) });
}

/** Trains (or finishes) this shard's experts; returns the files of the experts it owns. */
export async function runExpertsStage(o: ExpertsStageOptions): Promise<string[]> {
  const c = o.config;
  checkExpertConfig(c);
  const shard = o.shard ?? WHOLE;
  const cfg = stageConfig(o);
  const { model, train, backend } = o;
  const sizes = o.order.reduce((s, x) => s + x.length, 0);
  if (o.order.length !== train.numClasses || sizes !== train.n) throw new Error(`experts: the easy-to-hard order covers ${sizes} samples in ${o.order.length} classes; the data has ${train.n} in ${train.numClasses}`);
  const files: string[] = [];
  for (let x = shard.index; x < c.experts; x += shard.count) {
    const file = expertFile(o.dir, x);
    files.push(file);
    let traj: Float32Array[] = [];
    if (exists(file)) {
      const info = await readExpertInfo(file);
      assertSameConfig(file, info.config, cfg);
      if (info.epochsDone >= c.epochs) continue;
      traj = await readTrajectory(file);
      o.log?.(`expert ${x}: resuming after epoch ${traj.length - 1} of ${c.epochs}`);
    }
    let params: Tensor = traj.length ? tensor(traj[traj.length - 1], [model.numParams], { backend }) : model.init(iterationSeed(c.seed, x, 202), backend);
    if (!traj.length) {
      traj.push(Float32Array.from(await params.data()));
      await save(file, traj, cfg);
    }
    try {
      for (let e = traj.length - 1; e < c.epochs; e++) {
        const idx = epochIndices(e, o.order, c.scheduler);
        const images = uploadRows(train, idx, backend);
        const labels = tensor(Int32Array.from(idx, (i) => train.labels[i]), [idx.length], { dtype: 'i32', backend });
        let last: TrainProgress | null = null;
        const res = await trainModel(model, {
          images, labels, epochs: 1, lr: c.lr, batch: c.batch, momentum: c.momentum, weightDecay: c.weightDecay,
          seed: iterationSeed(c.seed, x * 100_003 + e, 203), params, augment: c.augment, reportEvery: 1_000_000,
          onProgress: (p) => (last = p),
        });
        images.dispose();
        labels.dispose();
        res.state?.forEach((t) => t.dispose());
        params.dispose();
        params = res.params;
        traj.push(Float32Array.from(await params.data()));
        await save(file, traj, cfg);
        o.onEpoch?.(x, e, idx.length, last);
      }
    } finally {
      params.dispose();
    }
    o.log?.(`expert ${x + 1}/${c.experts} -> ${file}`);
  }
  return files;
}
