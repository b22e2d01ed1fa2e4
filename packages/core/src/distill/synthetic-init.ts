/**
 * Initial synthetic set of DATM/PAD (reference distill/PAD.py, pix_init and the label initialisation):
 * - 'correct' (samples_predicted_correctly): per class, real images that an expert classifies
 *   correctly, scanning a shuffled class in batches of 256 with the first expert's final parameters
 *   and moving to the next expert when a class runs out;
 * - 'real': random real images per class;  'noise': standard normal images.
 * Soft labels are expert logits on the chosen images: for 'correct', each image's logits averaged over
 * the experts that classify it correctly (the reference's "only sum correct predicted logits"); for
 * 'real' and 'noise', the first expert's final logits (the reference has no label init for noise).
 */
import type { Backend } from '../backend/backend.js';
import type { Model } from '../nn/model.js';
import { randomNormal, randpermArray } from '../ops/random.js';
import { tensor } from '../ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { classIndices } from '../data/subset.js';
import { type HostImages, argmaxRow, imageShape, logitsOf, uploadRows } from './host-data.js';

export type InitMode = 'correct' | 'real' | 'noise';

export interface SyntheticInit {
  /** [classes·ipc, C, H, W], class-major (ipc images of class 0 first). */
  images: Tensor;
  /** Label logits [classes·ipc, classes]. */
  labels: Tensor;
  /** Hard class of each synthetic image. */
  classes: Int32Array;
  /** Which training samples were copied (-1 for noise). */
  sourceIndices: Int32Array;
  /** Share of synthetic images whose soft label's argmax is their class (the reference's InitialAcc). */
  labelAccuracy: number;
  warnings: string[];
}

export interface InitOptions {
  model: Model;
  data: HostImages;
  ipc: number;
  mode: InitMode;
  /** Every expert's final parameters (loaded lazily: experts can be many). */
  expertFinal: { count: number; load(i: number): Promise<Tensor> };
  seed: number;
  backend: Backend;
}

async function chooseCorrect(o: InitOptions, byClass: Int32Array[], warnings: string[]): Promise<Int32Array> {
  const chosen = new Int32Array(o.data.numClasses * o.ipc);
  for (let c = 0; c < o.data.numClasses; c++) {
    const order = randpermArray(byClass[c].length, o.seed, c * 1_000_003).map((k) => byClass[c][k]);
    const picked = new Set<number>();
    for (let e = 0; e < o.expertFinal.count && picked.size < o.ipc; e++) {
      const params = await o.expertFinal.load(e);
      for (let s = 0; s < order.length && picked.size < o.ipc; s += 256) {
        const rows = order.subarray(s, Math.min(s + 256, order.length));
        const logits = await logitsOf(o.model, params, o.data, rows);
        rows.forEach((r, j) => {
          if (picked.size < o.ipc && argmaxRow(logits, j, o.data.numClasses) === c) picked.add(r);
        });
      }
      params.dispose();
    }
    if (picked.size < o.ipc) {
      warnings.push(`class ${c}: only ${picked.size} of ${o.ipc} images are classified correctly by an expert; the rest are random images of the class`);
      for (const r of order) if (picked.size < o.ipc) picked.add(r);
    }
    if (picked.size < o.ipc) throw new Error(`class ${c} has ${byClass[c].length} training images, fewer than ipc = ${o.ipc}`);
    chosen.set([...picked], c * o.ipc);
  }
  return chosen;
}

export async function initSynthetic(o: InitOptions): Promise<SyntheticInit> {
  const k = o.data.numClasses;
  if (!Number.isInteger(o.ipc) || o.ipc < 1) throw new Error(`ipc must be a positive integer, got ${o.ipc}`);
  if (o.expertFinal.count < 1) throw new Error('synthetic init needs at least one expert');
  const warnings: string[] = [];
  const byClass = classIndices(o.data.labels, k);
  const classes = Int32Array.from({ length: k * o.ipc }, (_, i) => Math.floor(i / o.ipc));
  let source: Int32Array;
  let images: Tensor;
  if (o.mode === 'noise') {
    source = new Int32Array(k * o.ipc).fill(-1);
    images = randomNormal([k * o.ipc, ...imageShape(o.data)], { seed: o.seed, backend: o.backend });
  } else {
    if (o.mode === 'correct') source = await chooseCorrect(o, byClass, warnings);
    else {
      source = new Int32Array(k * o.ipc);
      for (let c = 0; c < k; c++) {
        if (byClass[c].length < o.ipc) throw new Error(`class ${c} has ${byClass[c].length} training images, fewer than ipc = ${o.ipc}`);
        const perm = randpermArray(byClass[c].length, o.seed, c * 1_000_003);
        for (let j = 0; j < o.ipc; j++) source[c * o.ipc + j] = byClass[c][perm[j]];
      }
    }
    images = uploadRows(o.data, source, o.backend);
  }
  const host: HostImages = { ...o.data, images: Float32Array.from(await images.data()), labels: classes, n: k * o.ipc };
  const all = Int32Array.from({ length: k * o.ipc }, (_, i) => i);
  const n = k * o.ipc;
  const labels = new Float64Array(n * k);
  if (o.mode === 'correct') {
    const sum = new Float64Array(n * k);
    const hits = new Float64Array(n);
    const first = new Float64Array(n * k);
    for (let e = 0; e < o.expertFinal.count; e++) {
      const params = await o.expertFinal.load(e);
      const logits = await logitsOf(o.model, params, host, all);
      params.dispose();
      if (e === 0) first.set(logits);
      for (let i = 0; i < n; i++) {
        if (argmaxRow(logits, i, k) !== classes[i]) continue;
        hits[i]++;
        for (let c = 0; c < k; c++) sum[i * k + c] += logits[i * k + c];
      }
    }
    for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) labels[i * k + c] = hits[i] > 0 ? sum[i * k + c] / hits[i] : first[i * k + c];
  } else {
    const params = await o.expertFinal.load(0);
    labels.set(await logitsOf(o.model, params, host, all));
    params.dispose();
  }
  let correct = 0;
  for (let i = 0; i < n; i++) if (argmaxRow(labels, i, k) === classes[i]) correct++;
  return {
    images,
    labels: tensor(labels, [n, k], { backend: o.backend }),
    classes,
    sourceIndices: source,
    labelAccuracy: correct / n,
    warnings,
  };
}
