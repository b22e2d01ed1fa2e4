/**
 * `pad-gpu el2n` as files (Node only): scoring networks el2n/model_<k>.safetensors, per-shard scores
 * el2n/scores_<i>_of_<n>.safetensors and the merged el2n/scores.safetensors (mean score per sample and
 * each class's indices easy to hard). Every piece is skipped when it already exists, so an interrupted
 * run resumes, and `--shard i/n` splits the networks (k ≡ i mod n) and the samples (slice i of n)
 * between processes; any run that finds every piece merges them.
 */
import * as path from 'node:path';
import type { Backend } from '../backend/backend.js';
import type { ImageDataset } from '../data/dataset.js';
import { loadSafetensors, saveSafetensors } from '../io/node-outputs.js';
import type { Model } from '../nn/model.js';
import { tensor } from '../ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TrainProgress } from '../train/train.js';
import { type El2nConfig, checkEl2nConfig, el2nSlice, orderByClass, trainScoringModel } from './el2n.js';
import { type Shard, WHOLE, assertSameConfig, dataFingerprint, exists, parseMeta } from './stage-files.js';

export interface El2nResult {
  /** Mean score of every training sample. */
  scores: Float32Array;
  /** Each class's sample indices, easy to hard. */
  order: Int32Array[];
  file: string;
}

export interface El2nStageOptions {
  dir: string;
  model: Model;
  train: ImageDataset;
  config: El2nConfig;
  backend: Backend;
  shard?: Shard;
  onTrainProgress?: (k: number, p: TrainProgress) => void;
  onScoreProgress?: (done: number, total: number) => void;
  log?: (message: string) => void;
}

const FORMAT = 'pad-gpu/el2n-v1';

export function el2nFile(dir: string): string {
  return path.join(dir, 'el2n', 'scores.safetensors');
}

function stageConfig(o: El2nStageOptions): Record<string, unknown> {
  return { ...o.config, model: o.model.name, numParams: o.model.numParams, data: dataFingerprint(o.train) };
}

/** Reads a finished el2n/scores.safetensors (checking it was made from this data). */
export async function loadEl2n(dir: string, train?: ImageDataset): Promise<El2nResult> {
  const file = el2nFile(dir);
  const f = await loadSafetensors(file);
  const cfg = parseMeta(file, f.metadata, 'config');
  if (f.metadata.format !== FORMAT) throw new Error(`${file}: not an EL2N score file (format '${f.metadata.format}')`);
  if (train && cfg.data !== dataFingerprint(train)) throw new Error(`${file} scores other data (${cfg.data}) than this run (${dataFingerprint(train)}); use another --out`);
  const scores = f.tensors.scores?.data as Float32Array;
  const flat = f.tensors.order?.data as Int32Array;
  const sizes = f.tensors.class_sizes?.data as Int32Array;
  if (!scores || !flat || !sizes) throw new Error(`${file}: missing one of the tensors scores, order, class_sizes`);
  const order: Int32Array[] = [];
  let off = 0;
  for (const s of sizes) {
    order.push(flat.slice(off, off + s));
    off += s;
  }
  return { scores, order, file };
}

export async function runEl2nStage(o: El2nStageOptions): Promise<El2nResult | null> {
  checkEl2nConfig(o.config);
  const shard = o.shard ?? WHOLE;
  const log = o.log ?? (() => {});
  const dir = path.join(o.dir, 'el2n');
  const cfg = stageConfig(o);
  const merged = el2nFile(o.dir);
  if (exists(merged)) {
    const f = await loadSafetensors(merged);
    assertSameConfig(merged, parseMeta(merged, f.metadata, 'config'), cfg);
    log(`EL2N scores already in ${merged}`);
    return loadEl2n(o.dir);
  }
  const modelFile = (k: number) => path.join(dir, `model_${k}.safetensors`);
  const sliceFile = (i: number) => path.join(dir, `scores_${i}_of_${shard.count}.safetensors`);
  const { train, backend, model, config } = o;
  const images = tensor(train.images, [train.n, train.channels, train.height, train.width], { backend });
  const labels = tensor(train.labels, [train.n], { dtype: 'i32', backend });
  try {
    for (let k = shard.index; k < config.models; k += shard.count) {
      const file = modelFile(k);
      if (exists(file)) {
        assertSameConfig(file, parseMeta(file, (await loadSafetensors(file)).metadata, 'config'), cfg);
        continue;
      }
      const params = await trainScoringModel(model, images, labels, config, k, (p) => o.onTrainProgress?.(k, p));
      const values = Float32Array.from(await params.data());
      params.dispose();
      await saveSafetensors(file, { params: { dtype: 'F32', shape: [values.length], data: values } }, { format: `${FORMAT}-model`, config: JSON.stringify(cfg) });
      log(`trained EL2N scoring network ${k + 1}/${config.models} -> ${file}`);
    }
    const missingModels = Array.from({ length: config.models }, (_, k) => k).filter((k) => !exists(modelFile(k)));
    if (missingModels.length) {
      log(`EL2N: waiting for scoring networks ${missingModels.join(', ')} (other shards); run again to score`);
      return null;
    }
    if (!exists(sliceFile(shard.index))) {
      const params: Tensor[] = [];
      for (let k = 0; k < config.models; k++) {
        const f = await loadSafetensors(modelFile(k));
        assertSameConfig(modelFile(k), parseMeta(modelFile(k), f.metadata, 'config'), cfg);
        params.push(tensor(f.tensors.params.data as Float32Array, [model.numParams], { backend }));
      }
      const from = Math.floor((train.n * shard.index) / shard.count);
      const to = Math.floor((train.n * (shard.index + 1)) / shard.count);
      const chunk = 5000;
      const parts: Float32Array[] = [];
      for (let s = from; s < to; s += chunk) {
        parts.push(await el2nSlice(model, params, images, labels, s, Math.min(to, s + chunk)));
        o.onScoreProgress?.(Math.min(to, s + chunk) - from, to - from);
      }
      for (const p of params) p.dispose();
      const scores = new Float32Array(to - from);
      parts.reduce((off, p) => (scores.set(p, off), off + p.length), 0);
      await saveSafetensors(sliceFile(shard.index), { scores: { dtype: 'F32', shape: [scores.length], data: scores } }, {
        format: `${FORMAT}-slice`, config: JSON.stringify(cfg), range: JSON.stringify([from, to]),
      });
    }
  } finally {
    images.dispose();
    labels.dispose();
  }
  const missing = Array.from({ length: shard.count }, (_, i) => i).filter((i) => !exists(sliceFile(i)));
  if (missing.length) {
    log(`EL2N: waiting for the scores of shards ${missing.map((i) => `${i}/${shard.count}`).join(', ')}; run again to merge`);
    return null;
  }
  const scores = new Float32Array(train.n);
  for (let i = 0; i < shard.count; i++) {
    const f = await loadSafetensors(sliceFile(i));
    assertSameConfig(sliceFile(i), parseMeta(sliceFile(i), f.metadata, 'config'), cfg);
    const [from] = JSON.parse(f.metadata.range) as [number, number];
    scores.set(f.tensors.scores.data as Float32Array, from);
  }
  const order = orderByClass(scores, train.labels, train.numClasses);
  const flat = new Int32Array(train.n);
  order.reduce((off, idx) => (flat.set(idx, off), off + idx.length), 0);
  await saveSafetensors(merged, {
    scores: { dtype: 'F32', shape: [train.n], data: scores },
    order: { dtype: 'I32', shape: [train.n], data: flat },
    class_sizes: { dtype: 'I32', shape: [order.length], data: Int32Array.from(order, (o) => o.length) },
  }, { format: FORMAT, config: JSON.stringify(cfg) });
  log(`EL2N scores of ${train.n} samples -> ${merged}`);
  return { scores, order, file: merged };
}
