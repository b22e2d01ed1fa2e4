/**
 * The distillation loop of DATM + PAD (reference distill/PAD_depth.py): each iteration picks an expert
 * and a start epoch t in [T-, upper), unrolls N student steps from θ*_t on minibatches of the synthetic
 * set, matches θ*_{t+M} on the deep parameters only (embedding filter) and, unless the loss exceeds the
 * threshold, updates images (SGD, momentum 0.5), the learned lr (momentum 0.5) and the soft labels
 * (momentum 0.9) with the exact gradient of exact-gradient.ts. Every random choice is a function of
 * (seed, iteration), so a run resumed from a checkpoint continues exactly as if never interrupted.
 */
import type { Backend } from '../backend/backend.js';
import type { Model } from '../nn/model.js';
import { noGrad } from '../autograd/grad-mode.js';
import { scalar } from '../ops/creation.js';
import { sum } from '../ops/reduce.js';
import type { Tensor } from '../tensor/tensor.js';
import { type DistillConfig, DistillDivergedError, type DistillState, type EvalRecord, type IterationRecord, checkDistillConfig } from './distill-state.js';
import { matchForward } from './exact-forward.js';
import { type ExpertSource, checkExpertsCover } from './experts-source.js';
import { embeddingCut } from './mask.js';
import { unrollPlan } from './plan.js';
import { iterationSeed, pickExpert, pickStartEpoch, startEpochUpper } from './schedule.js';
import type { Augment } from './student-loss.js';

export { type DistillConfig, DistillDivergedError, type DistillState, type EvalRecord, type IterationRecord, checkDistillConfig, newDistillState, disposeDistillState } from './distill-state.js';

export interface DistillHooks {
  /** Called before iteration `it` runs when `evaluateAt(it)` (so it = 0 evaluates the initial set) and
   *  after the last iteration. */
  evaluateAt?(iteration: number): boolean;
  evaluate?(state: DistillState, iteration: number): Promise<EvalRecord>;
  onIteration?(record: IterationRecord, state: DistillState): void | Promise<void>;
  /** Called every `checkpointEvery` iterations and after evaluations. */
  checkpoint?(state: DistillState): Promise<void>;
  checkpointEvery?: number;
}

export interface DistillSetup {
  model: Model;
  experts: ExpertSource;
  config: DistillConfig;
  augment?: Augment;
  backend: Backend;
}

async function readScalars(ts: Tensor[]): Promise<number[]> {
  return Promise.all(ts.map((t) => t.item()));
}

/** One iteration (exported for the benchmark); returns its record. */
export async function distillIteration(setup: DistillSetup, state: DistillState, it: number): Promise<IterationRecord> {
  const { config: c, experts, model, backend } = setup;
  const t0 = performance.now();
  const expert = pickExpert(c.seed, it, experts.count);
  const upper = startEpochUpper(it, { maxStart: c.maxStartEpoch, sequential: c.sequential && { currentMax: c.sequential.currentMaxStartEpoch, expansionEnd: c.sequential.expansionEndIteration } });
  const startEpoch = pickStartEpoch(c.seed, it, c.minStartEpoch, upper);
  const start = await experts.load(expert, startEpoch, backend);
  const target = await experts.load(expert, startEpoch + c.expertEpochs, backend);
  const images = state.images.value;
  const plan = unrollPlan(images.shape[0], c.batchSyn > 0 ? c.batchSyn : images.shape[0], c.syntheticSteps, iterationSeed(c.seed, it, 0));
  const where = `iteration ${it} (expert ${expert}, start epoch ${startEpoch})`;
  try {
    const fwd = await matchForward({
      model, images, labels: state.labels.value, lr: state.lr.value, start, target,
      cut: embeddingCut(model.numParams, c.alpha), plan, augment: setup.augment, thetaStore: c.thetaStore, cacheSteps: c.cacheSteps,
    });
    if (!Number.isFinite(fwd.loss)) {
      fwd.dispose();
      throw new DistillDivergedError(`${where}: the matching loss is ${fwd.loss} (numerator ${fwd.num}, denominator ${fwd.den})`);
    }
    const skipped = fwd.loss > c.threshold;
    if (skipped) fwd.dispose();
    else {
      const g = fwd.backward();
      state.images.step(g.images);
      state.labels.step(g.labels);
      state.lr.step(g.lr);
      for (const t of [g.images, g.labels, g.lr]) t.dispose();
      await guardAfterUpdate(state, where);
    }
    const rec: IterationRecord = { iteration: it, expert, startEpoch, loss: fwd.loss, skipped, lr: await state.lr.value.item(), seconds: (performance.now() - t0) / 1000 };
    return rec;
  } finally {
    start.dispose();
    target.dispose();
  }
}

/** NaN/Inf in the parameters stops the run; the learned lr is kept positive and reported if it grows
 *  by 10x steps (exploding learned lrs are a known failure of trajectory matching). */
async function guardAfterUpdate(state: DistillState, where: string): Promise<void> {
  const sums = noGrad(() => [sum(state.images.value), sum(state.labels.value)]);
  const [si, sl, lr] = await readScalars([...sums, state.lr.value]);
  for (const t of sums) t.dispose();
  if (!Number.isFinite(si)) throw new DistillDivergedError(`${where}: the synthetic images contain NaN or Inf after the update`);
  if (!Number.isFinite(sl)) throw new DistillDivergedError(`${where}: the soft labels contain NaN or Inf after the update`);
  if (!Number.isFinite(lr)) throw new DistillDivergedError(`${where}: the learned learning rate became ${lr}`);
  if (lr <= 0) {
    const prev = state.history.length ? state.history[state.history.length - 1].lr : state.initialLr;
    const kept = Math.max(prev / 2, state.initialLr * 1e-3);
    state.lr.reset(scalar(kept, { backend: state.lr.value.backend }));
    state.warnings.push(`${where}: the learned lr stepped to ${lr}; kept it positive at ${kept} and reset its momentum`);
  } else {
    const factor = Math.floor(Math.log10(lr / state.initialLr));
    const reported = state.warnings.filter((w) => w.includes('learned lr grew')).length;
    if (factor >= 1 && factor > reported) state.warnings.push(`${where}: the learned lr grew to ${lr} (${(lr / state.initialLr).toFixed(1)}x the experts' ${state.initialLr})`);
  }
}

export async function runDistillation(setup: DistillSetup, state: DistillState, hooks: DistillHooks = {}): Promise<DistillState> {
  const c = setup.config;
  checkDistillConfig(c);
  checkExpertsCover(setup.experts, c.maxStartEpoch - 1, c.expertEpochs);
  embeddingCut(setup.model.numParams, c.alpha);
  const every = hooks.checkpointEvery ?? 10;
  // An evaluation already in the state (a resumed run) is not repeated.
  const evaluate = async (it: number) => {
    if (!hooks.evaluate || !hooks.evaluateAt?.(it) || state.evaluations.some((e) => e.iteration === it)) return;
    state.evaluations.push(await hooks.evaluate(state, it));
    await hooks.checkpoint?.(state);
  };
  for (let it = state.iteration; it < c.iterations; it++) {
    await evaluate(it);
    const rec = await distillIteration(setup, state, it);
    state.history.push(rec);
    state.iteration = it + 1;
    await hooks.onIteration?.(rec, state);
    if (hooks.checkpoint && state.iteration % every === 0) await hooks.checkpoint(state);
  }
  await evaluate(c.iterations);
  await hooks.checkpoint?.(state);
  return state;
}
