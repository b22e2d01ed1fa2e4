/**
 * The run's final outputs (Node only): distilled.safetensors (images, soft-label logits, learned lr,
 * hard classes; config and provenance in metadata, loadable by Python's safetensors or by hand) and
 * report.json (config, device, timings per stage, loss curve, accuracy mean ± std, warnings, files).
 */
import * as path from 'node:path';
import { writeFileAtomic } from '../io/node-files.js';
import { saveSafetensors } from '../io/node-outputs.js';
import type { SafeTensor } from '../io/safetensors.js';
import type { DistillConfig, EvalRecord } from './distill-state.js';
import type { DistillStageResult, EvalConfig } from './distill-stage.js';
import type { FileExperts } from './expert-files.js';
import type { PadData, PadRunOptions } from './pipeline.js';
import type { PadPreset } from './presets.js';
import { dataFingerprint } from './stage-files.js';

export interface OutputInputs {
  out: string;
  preset: PadPreset;
  seed: number;
  dsa: boolean;
  removal: PadRunOptions['removal'];
  checkpointEvery: number;
  device: Record<string, unknown>;
  data: PadData;
  config: DistillConfig;
  evaluation: EvalConfig;
  experts: FileExperts;
  stage: DistillStageResult;
  /** Seconds per stage in this process. */
  timings: Record<string, number>;
  startedAt: number;
  files: Record<string, string | string[]>;
}

function summary(e: EvalRecord | undefined) {
  return e && { iteration: e.iteration, mean: e.mean, std: e.std, accuracies: e.accuracies, lr: e.lr };
}

export async function writeOutputs(i: OutputInputs): Promise<{ report: Record<string, unknown> & { files: { grids: string[] } }; distilled: string; reportFile: string }> {
  const { out, preset: p, data, config, experts, stage } = i;
  const { train, test } = data;
  const distilled = path.join(out, 'distilled.safetensors');
  const reportFile = path.join(out, 'report.json');
  const s = stage.state;
  const ev = s.evaluations;
  const provenance = {
    tool: 'pad-gpu', method: 'PAD (Li et al. 2024) on DATM', created: new Date().toISOString(), device: i.device,
    dataset: p.dataset, trainImages: train.n, subset: data.subsetIndices ? `class-balanced ${p.subset}, seed ${i.seed}` : 'full',
    preprocessing: data.preprocessing.kind === 'meanstd' ? { kind: 'meanstd', stats: data.preprocessing.stats } : { kind: data.preprocessing.kind },
    experts: experts.files.map((f) => path.relative(out, f)), iterations: s.iteration, labels: 'logits (soft labels are their softmax)',
  };
  const lr = await s.lr.value.item();
  const tensors: Record<string, SafeTensor> = {
    images: { dtype: 'F32', shape: [...s.images.value.shape], data: Float32Array.from(await s.images.value.data()) },
    labels: { dtype: 'F32', shape: [...s.labels.value.shape], data: Float32Array.from(await s.labels.value.data()) },
    lr: { dtype: 'F32', shape: [], data: Float32Array.of(lr) },
    classes: { dtype: 'I32', shape: [stage.extras.classes.length], data: stage.extras.classes },
  };
  const runConfig = { preset: p, seed: i.seed, dsa: i.dsa, removal: i.removal ?? null, checkpointEvery: i.checkpointEvery, distill: config, evaluation: i.evaluation };
  await saveSafetensors(distilled, tensors, { format: 'pad-gpu/distilled-v1', config: JSON.stringify(runConfig), provenance: JSON.stringify(provenance) });
  const loopSeconds = s.history.reduce((a, r) => a + r.seconds, 0);
  const report = {
    format: 'pad-gpu/report-v1',
    config: runConfig,
    device: i.device,
    data: { dataset: p.dataset, train: train.n, test: test.n, preprocessing: data.preprocessing.kind, fingerprint: dataFingerprint(train) },
    timings: {
      ...i.timings,
      distillLoop: loopSeconds,
      evaluation: ev.reduce((a, e) => a + e.seconds, 0),
      secondsPerIteration: s.history.length ? loopSeconds / s.history.length : null,
      totalThisRun: (performance.now() - i.startedAt) / 1000,
    },
    accuracy: { initial: summary(ev.find((e) => e.iteration === 0)), distilled: summary(ev.find((e) => e.iteration === config.iterations) ?? ev[ev.length - 1]), evaluations: ev },
    learnedLr: lr,
    initialLabelAccuracy: stage.extras.info.labelAccuracy,
    lossCurve: s.history.map((r) => ({ iteration: r.iteration, loss: r.loss, skipped: r.skipped, expert: r.expert, startEpoch: r.startEpoch, lr: r.lr })),
    skippedIterations: s.history.filter((r) => r.skipped).length,
    warnings: s.warnings,
    files: { distilled, report: reportFile, checkpoint: stage.checkpoint, grids: ev.flatMap((e) => e.files ?? []), el2n: i.files.el2n ?? null, experts: (i.files.experts ?? []) as string[] },
  };
  await writeFileAtomic(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  return { report, distilled, reportFile };
}
