/**
 * The state and settings of the DATM + PAD distillation loop (distill-loop.ts): hyperparameters with
 * their checks, per-iteration and per-evaluation records, and what a checkpoint must hold.
 */
import { scalar } from '../ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { MomentumSgd } from './optim.js';

export interface DistillConfig {
  iterations: number;
  /** N: student steps per iteration. */
  syntheticSteps: number;
  /** M: the target is M expert epochs after the start. */
  expertEpochs: number;
  /** Start epochs t are drawn from [minStartEpoch, upper) with upper = maxStartEpoch (exclusive) or,
   *  with sequential generation, growing from currentMaxStartEpoch to maxStartEpoch. */
  minStartEpoch: number;
  maxStartEpoch: number;
  sequential?: { currentMaxStartEpoch: number; expansionEndIteration: number };
  /** Synthetic minibatch of one student step (0: the whole synthetic set). */
  batchSyn: number;
  lrImg: number;
  lrLr: number;
  lrLabel: number;
  momentumImg: number;
  momentumLr: number;
  momentumLabel: number;
  /** Skip the update when the matching loss exceeds this (reference default 1.0). */
  threshold: number;
  /** Embedding filter: the masked shallow fraction α of the flat parameters. */
  alpha: number;
  seed: number;
  thetaStore?: 'host' | 'device';
  /** Steps whose graphs the forward pass keeps (speed for memory; 0 = memory flat in N). */
  cacheSteps?: number;
}

export function checkDistillConfig(c: DistillConfig): void {
  const ints: (keyof DistillConfig)[] = ['iterations', 'syntheticSteps', 'expertEpochs', 'minStartEpoch', 'maxStartEpoch', 'batchSyn'];
  for (const k of ints) {
    const v = c[k] as number;
    const min = k === 'minStartEpoch' || k === 'iterations' || k === 'batchSyn' ? 0 : 1;
    if (!Number.isInteger(v) || v < min) throw new Error(`distill: ${k} must be a whole number >= ${min}, got ${v}`);
  }
  if (c.maxStartEpoch <= c.minStartEpoch) throw new Error(`distill: the start epoch window [${c.minStartEpoch}, ${c.maxStartEpoch}) is empty (max is exclusive)`);
  if (c.sequential) {
    const s = c.sequential;
    if (!(s.currentMaxStartEpoch > c.minStartEpoch && s.currentMaxStartEpoch <= c.maxStartEpoch)) {
      throw new Error(`distill: sequential generation starts its window at ${s.currentMaxStartEpoch}, which must be in (${c.minStartEpoch}, ${c.maxStartEpoch}]`);
    }
    if (!(s.expansionEndIteration > 0)) throw new Error(`distill: expansion end iteration must be positive, got ${s.expansionEndIteration}`);
  }
  for (const k of ['lrImg', 'lrLr', 'lrLabel', 'threshold'] as const) if (!(c[k] >= 0 && Number.isFinite(c[k]))) throw new Error(`distill: ${k} must be a finite number >= 0, got ${c[k]}`);
  for (const k of ['momentumImg', 'momentumLr', 'momentumLabel'] as const) if (!(c[k] >= 0 && c[k] < 1)) throw new Error(`distill: ${k} must be in [0, 1), got ${c[k]}`);
}

export interface IterationRecord {
  iteration: number;
  expert: number;
  startEpoch: number;
  loss: number;
  skipped: boolean;
  lr: number;
  seconds: number;
}

export interface EvalRecord {
  /** Updates done when evaluated (0 = the initial set). */
  iteration: number;
  /** Test accuracy of each run, its mean and (population) standard deviation, as the reference reports. */
  accuracies: number[];
  mean: number;
  std: number;
  lr: number;
  seconds: number;
  /** Files written for this evaluation (e.g. the PNG grid). */
  files?: string[];
}

/** What a checkpoint holds: everything the loop needs to continue. */
export interface DistillState {
  /** Iterations completed. */
  iteration: number;
  images: MomentumSgd;
  labels: MomentumSgd;
  lr: MomentumSgd;
  /** The lr the experts used (the guard's reference point). */
  initialLr: number;
  history: IterationRecord[];
  evaluations: EvalRecord[];
  warnings: string[];
}

export function newDistillState(images: Tensor, labels: Tensor, expertLr: number, c: DistillConfig): DistillState {
  return {
    iteration: 0,
    images: new MomentumSgd(images, c.lrImg, c.momentumImg),
    labels: new MomentumSgd(labels, c.lrLabel, c.momentumLabel),
    lr: new MomentumSgd(scalar(expertLr, { backend: images.backend }), c.lrLr, c.momentumLr),
    initialLr: expertLr,
    history: [],
    evaluations: [],
    warnings: [],
  };
}

export function disposeDistillState(s: DistillState): void {
  s.images.dispose();
  s.labels.dispose();
  s.lr.dispose();
}

/** A run that must stop: NaN/Inf in the loss or the parameters. The last good checkpoint is kept. */
export class DistillDivergedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DistillDivergedError';
  }
}
