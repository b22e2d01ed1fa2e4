/**
 * The distillation stage as files (Node only): initialises the synthetic set (or resumes the
 * checkpoint), runs the DATM + PAD loop, evaluates with the paper's protocol every K iterations (and
 * the initial set first, so the report can show what distillation added), writes a PNG grid per
 * evaluation and a checkpoint every few iterations.
 */
import * as path from 'node:path';
import type { Backend } from '../backend/backend.js';
import type { ImageDataset } from '../data/dataset.js';
import { type Preprocessing, undoPreprocessing } from '../data/preprocess.js';
import { savePngGrid } from '../io/node-outputs.js';
import type { DsaOptions } from '../nn/augment/dsa.js';
import type { CreateModelOptions } from '../nn/models/factory.js';
import type { Model } from '../nn/model.js';
import { tensor } from '../ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { evaluateSynset } from '../train/synset.js';
import type { TrainProgress } from '../train/train.js';
import { checkpointFile, loadCheckpoint, saveCheckpoint, type CheckpointExtras } from './checkpoint.js';
import {
  type DistillConfig, type DistillState, type EvalRecord, type IterationRecord, checkDistillConfig, newDistillState, runDistillation,
} from './distill-loop.js';
import type { ExpertSource } from './experts-source.js';
import type { Augment } from './student-loss.js';
import { type InitMode, initSynthetic } from './synthetic-init.js';
import { dataFingerprint } from './stage-files.js';

export interface EvalConfig {
  /** Evaluate every K iterations (0: only the initial and the final set). */
  every: number;
  epochs: number;
  runs: number;
  /** Evaluation network (createModel name) and options besides the input geometry. */
  model: string;
  modelOptions?: Partial<CreateModelOptions>;
  batch: number;
  augment: DsaOptions | false;
  seed: number;
}

export interface DistillStageOptions {
  dir: string;
  model: Model;
  train: ImageDataset;
  test: ImageDataset;
  experts: ExpertSource;
  config: DistillConfig;
  ipc: number;
  init: InitMode;
  evaluation: EvalConfig;
  /** DSA of the inner loop, replayed from each step's seed. */
  augment?: Augment;
  backend: Backend;
  preprocessing?: Preprocessing;
  checkpointEvery: number;
  /** Settings outside DistillConfig that must match on resume (dataset, subset...). */
  identity?: Record<string, unknown>;
  onIteration?: (rec: IterationRecord, state: DistillState) => void;
  onEvalProgress?: (iteration: number, run: number, runs: number, p: TrainProgress | null) => void;
  log?: (message: string) => void;
}

export interface DistillStageResult {
  state: DistillState;
  extras: CheckpointExtras;
  grids: string[];
  checkpoint: string;
}

export function gridFile(dir: string, iteration: number): string {
  return path.join(dir, 'distill', `grid_it${String(iteration).padStart(5, '0')}.png`);
}

/** Writes the synthetic images as a PNG grid (one row per class), mapped back to pixel space. */
export async function saveGrid(file: string, images: Tensor, ipc: number, numClasses: number, pre?: Preprocessing): Promise<void> {
  const [n, c, h, w] = images.shape;
  const raw = Float32Array.from(await images.data());
  const pixels = pre ? undoPreprocessing(pre, raw, c, h * w) : raw;
  await savePngGrid(file, pixels, { n, channels: c as 1 | 3, height: h, width: w }, { ipc, numClasses, upscale: h < 48 ? 4 : 2 });
}

export async function runDistillStage(o: DistillStageOptions): Promise<DistillStageResult> {
  const c = o.config;
  checkDistillConfig(c);
  const { backend, model, train } = o;
  const log = o.log ?? (() => {});
  // `iterations` may grow between runs (extend a finished run), and where the trajectory waits for the
  // reverse pass changes no result; everything else must match.
  const { iterations: _iterations, thetaStore: _store, cacheSteps: _cache, ...fixed } = c;
  const identity = { ...fixed, ipc: o.ipc, init: o.init, model: model.name, numParams: model.numParams, data: dataFingerprint(train), experts: o.experts.count, ...o.identity };
  const optim = { lrImg: c.lrImg, lrLabel: c.lrLabel, lrLr: c.lrLr, momentumImg: c.momentumImg, momentumLabel: c.momentumLabel, momentumLr: c.momentumLr };
  let loaded = await loadCheckpoint(o.dir, identity, optim, backend);
  let state: DistillState;
  let extras: CheckpointExtras;
  if (loaded) {
    ({ state, extras } = loaded);
    log(`resuming distillation from ${checkpointFile(o.dir)} after iteration ${state.iteration}`);
  } else {
    const init = await initSynthetic({
      model, data: train, ipc: o.ipc, mode: o.init, seed: c.seed, backend,
      expertFinal: { count: o.experts.count, load: (i) => o.experts.load(i, o.experts.snapshots(i) - 1, backend) },
    });
    for (const w of init.warnings) log(`warning: ${w}`);
    log(`initial synthetic set: ${o.init} images, soft labels from expert logits (their argmax is the class for ${(init.labelAccuracy * 100).toFixed(1)}%)`);
    state = newDistillState(init.images, init.labels, o.experts.lr, c);
    extras = { classes: init.classes, info: { labelAccuracy: init.labelAccuracy, sourceIndices: Array.from(init.sourceIndices), warnings: init.warnings } };
    await saveCheckpoint(o.dir, state, identity, extras);
  }
  loaded = null;
  const testImages = tensor(o.test.images, [o.test.n, o.test.channels, o.test.height, o.test.width], { backend });
  const testLabels = tensor(o.test.labels, [o.test.n], { dtype: 'i32', backend });
  const grids: string[] = [];
  const ev = o.evaluation;
  try {
    await runDistillation({ model, experts: o.experts, config: c, augment: o.augment, backend }, state, {
      checkpointEvery: o.checkpointEvery,
      checkpoint: (s) => saveCheckpoint(o.dir, s, identity, extras),
      onIteration: o.onIteration,
      evaluateAt: (it) => it === 0 || it === c.iterations || (ev.every > 0 && it % ev.every === 0),
      evaluate: async (s, it): Promise<EvalRecord> => {
        const t0 = performance.now();
        const lr = await s.lr.value.item();
        o.onEvalProgress?.(it, 0, ev.runs, null);
        const res = await evaluateSynset(s.images.value, s.labels.value, {
          testImages, testLabels, lr, epochs: ev.epochs, runs: ev.runs, model: ev.model, modelOptions: ev.modelOptions,
          numClasses: train.numClasses, batch: ev.batch, augment: ev.augment, seed: ev.seed * 100_003 + it,
          onProgress: (run, p) => o.onEvalProgress?.(it, run, ev.runs, p),
          onRunEnd: (run) => o.onEvalProgress?.(it, run + 1, ev.runs, null),
        });
        const grid = gridFile(o.dir, it);
        await saveGrid(grid, s.images.value, o.ipc, train.numClasses, o.preprocessing);
        grids.push(grid);
        log(`evaluation after ${it} iterations: ${(res.mean * 100).toFixed(2)}% ± ${(res.std * 100).toFixed(2)}% (${ev.runs} runs of ${ev.epochs} epochs, lr ${lr.toPrecision(4)}); images -> ${grid}`);
        return { iteration: it, accuracies: res.accuracies, mean: res.mean, std: res.std, lr, seconds: (performance.now() - t0) / 1000, files: [grid] };
      },
    });
  } finally {
    testImages.dispose();
    testLabels.dispose();
  }
  return { state, extras, grids, checkpoint: checkpointFile(o.dir) };
}
