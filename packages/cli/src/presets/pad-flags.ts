/**
 * The flags of `pad-gpu el2n`, `experts` and `distill`, and how they become a run: a preset (the CPU
 * preset on a CPU adapter, the paper-scale one on a GPU, or --preset) with every hyperparameter
 * overridable by its flag. Names follow the reference configs where they have one (syn_steps,
 * expert_epochs, lr_img, lr_lr, lr_y, batch_syn, min/max_start_epoch, init_ratio, add_end_epoch...).
 */
import { type PadPreset, type PadRunOptions, PRESET_NAMES, defaultPresetName, getPreset, parseShard } from '@pad-gpu/core/node';
import { UsageError, type FlagSpecs, type Flags } from '../args.js';
import { deviceFlags } from '../device-flags.js';

const num = (description: string, extra: { integer?: boolean; min?: number; max?: number } = {}) => ({ type: 'number', description, ...extra }) as const;
const int = (description: string, min = 1) => num(description, { integer: true, min });
const str = (description: string, placeholder = 'text') => ({ type: 'string', description, placeholder }) as const;
const bool = (description: string) => ({ type: 'boolean', description }) as const;

export const runFlags = {
  preset: { type: 'string', choices: PRESET_NAMES, placeholder: 'name', description: 'settings to start from (default: cpu on a CPU adapter, fashion-mnist-ipc1 on a GPU)' },
  out: { type: 'string', default: 'pad-run', placeholder: 'dir', description: 'run folder: every output, checkpoint and resume state goes here' },
  dataset: str('dataset: fashion-mnist, mnist, cifar10, cifar100, tiny-imagenet (default: the preset\'s)', 'name'),
  dataDir: str('folder of the dataset (default: $PAD_GPU_DATA/<dataset>, then the system package)', 'dir'),
  subset: int('class-balanced training subset size (0: all training images)', 0),
  testSubset: int('evaluate on a class-balanced test subset of this size (0: the full test set)', 0),
  zca: { type: 'string', choices: ['on', 'off'], description: "ZCA whitening (on) or mean/std normalisation (off); default: the preset's" },
  width: int('ConvNet width (channels per layer)'),
  depth: int('ConvNet depth (conv blocks)'),
  seed: { type: 'number', integer: true, min: 0, default: 0, description: 'seed of every random choice (same seed, same run)' },
  noDsa: bool('turn differentiable siamese augmentation off everywhere'),
  engine: { type: 'string', choices: ['webgpu', 'cpu'], default: 'webgpu', description: "'cpu' runs on the float64 JavaScript reference backend instead of WebGPU" },
  ...deviceFlags,
} as const satisfies FlagSpecs;

export const el2nFlags = {
  el2nModels: int('EL2N: networks trained and averaged (K)'),
  el2nEpochs: int('EL2N: early epochs each network trains (E)'),
  lrTeacher: num('learning rate of the scoring networks and experts (reference lr_teacher)', { min: 0 }),
  batchTrain: int('minibatch of the scoring networks and experts'),
} as const satisfies FlagSpecs;

export const shardFlag = {
  shard: str("do part i of n of the work (e.g. 0/2): networks/experts i, i+n, ... and sample slice i; rerun without --shard (or every shard) to finish", 'i/n'),
} as const satisfies FlagSpecs;

export const expertFlags = {
  numExperts: int('experts to train (X)'),
  trainEpochs: int('epochs of each expert'),
  initRatio: num('scheduler: initial ratio IR of the easiest samples per class', { min: 0, max: 1 }),
  addEndEpoch: int('scheduler: addition end epoch AEE (all samples from here)', 0),
  noScheduler: bool('ablation: no data scheduler (IR = 1, EL2N skipped)'),
  rmEpochFirst: int('late removal: after this epoch drop the easiest --rm-ratio-first of each class', 0),
  rmEpochSecond: int('late removal: after this epoch drop the easiest --rm-ratio-second', 0),
  rmRatioFirst: num('late removal: first ratio', { min: 0, max: 0.99 }),
  rmRatioSecond: num('late removal: second ratio', { min: 0, max: 0.99 }),
} as const satisfies FlagSpecs;

export const distillFlags = {
  ipc: int('images per class'),
  init: { type: 'string', choices: ['correct', 'real', 'noise'], description: "synthetic init: 'correct' (real images an expert classifies correctly), 'real' or 'noise'" },
  iterations: int('distillation iterations', 0),
  synSteps: int('N: student steps unrolled per iteration'),
  expertEpochs: int('M: the target is M expert epochs after the start'),
  minStartEpoch: int('T-: smallest start epoch', 0),
  maxStartEpoch: int('T+: start epochs are below this (exclusive, as the reference)'),
  currentMaxStartEpoch: int('T: sequential generation starts the window at [T-, T) and grows it to T+'),
  expansionEnd: int('sequential generation: iteration at which the window reaches T+'),
  noSequential: bool('fixed start-epoch window [T-, T+) even where the preset grows it'),
  batchSyn: int('synthetic minibatch of a student step (0: the whole synthetic set)', 0),
  lrImg: num('learning rate of the images', { min: 0 }),
  lrLr: num('learning rate of the learned learning rate', { min: 0 }),
  lrY: num('learning rate of the soft labels', { min: 0 }),
  threshold: num('skip the update when the matching loss exceeds this', { min: 0 }),
  alpha: num('embedding filter: fraction of the flat parameters (shallow first) not matched; 0 is the ablation', { min: 0, max: 0.99 }),
  evalEvery: int('evaluate every K iterations (0: the initial and the final set only)', 0),
  evalEpochs: int('evaluation: training epochs per run'),
  evalRuns: int('evaluation: runs (mean ± std)'),
  evalBatch: int('evaluation: minibatch'),
  checkpointEvery: { type: 'number', integer: true, min: 1, default: 10, description: 'write a checkpoint every this many iterations' },
  thetaStore: { type: 'string', choices: ['host', 'device'], default: 'host', description: 'where the unrolled student parameters wait for the reverse pass (host: device memory flat in N)' },
  cacheSteps: { type: 'number', integer: true, min: 0, description: 'keep the last K steps\' graphs instead of rebuilding them: the same gradient, faster, K steps\' memory, flat in N (0: none; default: the preset\'s, 5 for cpu)' },
  json: bool('print report.json on stdout instead of the summary'),
} as const satisfies FlagSpecs;

type AnyFlags = Partial<Flags<typeof runFlags & typeof el2nFlags & typeof shardFlag & typeof expertFlags & typeof distillFlags>>;

function set<K extends string, T>(obj: Record<K, T>, key: K, v: T | undefined): void {
  if (v !== undefined) obj[key] = v;
}

/** The preset with every given flag applied. */
export function resolvePreset(f: AnyFlags, isCpuAdapter: boolean, forDistill = true): { name: string; preset: PadPreset } {
  const name = f.preset ?? defaultPresetName(isCpuAdapter);
  const p = getPreset(name);
  if (f.dataset) p.dataset = f.dataset;
  if (f.zca !== undefined) p.zca = f.zca === 'on';
  set(p, 'subset', f.subset);
  set(p, 'testSubset', f.testSubset);
  set(p, 'width', f.width);
  set(p, 'depth', f.depth);
  set(p, 'ipc', f.ipc);
  set(p.el2n, 'models', f.el2nModels);
  set(p.el2n, 'epochs', f.el2nEpochs);
  set(p.experts, 'experts', f.numExperts);
  set(p.experts, 'epochs', f.trainEpochs);
  set(p.experts, 'lr', f.lrTeacher);
  set(p.experts, 'batch', f.batchTrain);
  set(p.experts, 'initRatio', f.initRatio);
  set(p.experts, 'addEndEpoch', f.addEndEpoch);
  if (f.noScheduler) p.experts.initRatio = 1;
  if (p.experts.initRatio <= 0) throw new UsageError(`--init-ratio must be above 0, got ${p.experts.initRatio}`);
  const d = p.distill;
  set(d, 'init', f.init as PadPreset['distill']['init'] | undefined);
  set(d, 'iterations', f.iterations);
  set(d, 'syntheticSteps', f.synSteps);
  set(d, 'expertEpochs', f.expertEpochs);
  set(d, 'minStartEpoch', f.minStartEpoch);
  set(d, 'maxStartEpoch', f.maxStartEpoch);
  set(d, 'batchSyn', f.batchSyn);
  set(d, 'lrImg', f.lrImg);
  set(d, 'lrLr', f.lrLr);
  set(d, 'lrLabel', f.lrY);
  set(d, 'threshold', f.threshold);
  set(d, 'alpha', f.alpha);
  if (f.noSequential) d.sequential = undefined;
  if (f.currentMaxStartEpoch !== undefined || f.expansionEnd !== undefined) {
    if (f.noSequential) throw new UsageError('--no-sequential contradicts --current-max-start-epoch / --expansion-end');
    d.sequential = {
      currentMaxStartEpoch: f.currentMaxStartEpoch ?? d.sequential?.currentMaxStartEpoch ?? d.maxStartEpoch,
      expansionEndIteration: f.expansionEnd ?? d.sequential?.expansionEndIteration ?? Math.max(1, d.iterations),
    };
  }
  set(p.evaluation, 'every', f.evalEvery);
  set(p.evaluation, 'epochs', f.evalEpochs);
  set(p.evaluation, 'runs', f.evalRuns);
  set(p.evaluation, 'batch', f.evalBatch);
  if (forDistill) checkWindows(p);
  return { name, preset: p };
}

/** Cross-flag checks that the parser cannot make, as usage errors naming the flags. */
function checkWindows(p: PadPreset): void {
  const d = p.distill;
  if (d.maxStartEpoch <= d.minStartEpoch) throw new UsageError(`--max-start-epoch (${d.maxStartEpoch}) must exceed --min-start-epoch (${d.minStartEpoch}); the window is [min, max)`);
  const last = d.maxStartEpoch - 1 + d.expertEpochs;
  if (last > p.experts.epochs) {
    throw new UsageError(`start epochs up to ${d.maxStartEpoch - 1} plus --expert-epochs ${d.expertEpochs} need expert epoch ${last}, but experts train --train-epochs ${p.experts.epochs}`);
  }
  if (d.sequential && !(d.sequential.currentMaxStartEpoch > d.minStartEpoch && d.sequential.currentMaxStartEpoch <= d.maxStartEpoch)) {
    throw new UsageError(`--current-max-start-epoch (${d.sequential.currentMaxStartEpoch}) must be in (${d.minStartEpoch}, ${d.maxStartEpoch}]`);
  }
}

/** Late-removal flags as a scheduler setting (all four or none). */
export function removalOf(f: AnyFlags): PadRunOptions['removal'] {
  const v = [f.rmEpochFirst, f.rmEpochSecond, f.rmRatioFirst, f.rmRatioSecond];
  if (v.every((x) => x === undefined)) return undefined;
  if (v.some((x) => x === undefined)) throw new UsageError('late removal needs all of --rm-epoch-first, --rm-epoch-second, --rm-ratio-first, --rm-ratio-second');
  if (!(f.rmEpochSecond! >= f.rmEpochFirst!)) throw new UsageError(`--rm-epoch-second (${f.rmEpochSecond}) must be at least --rm-epoch-first (${f.rmEpochFirst})`);
  return { rmEpochFirst: f.rmEpochFirst, rmEpochSecond: f.rmEpochSecond, rmRatioFirst: f.rmRatioFirst, rmRatioSecond: f.rmRatioSecond };
}

export function shardOf(f: AnyFlags) {
  if (f.shard === undefined) return undefined;
  try {
    return parseShard(f.shard);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
