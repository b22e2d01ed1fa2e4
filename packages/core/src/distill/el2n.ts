/**
 * EL2N difficulty scores (Paul et al. 2021), PAD's choice for ordering each class easy to hard
 * (Li et al. 2024, §3.1): train K networks for E early epochs and score every training sample by
 * ||softmax(f(x)) - onehot(y)||_2, averaged over the K networks. Low scores are easy samples.
 */
import type { DsaOptions } from '../nn/augment/dsa.js';
import type { Model } from '../nn/model.js';
import { noGrad } from '../autograd/grad-mode.js';
import { add, mul } from '../ops/arithmetic.js';
import { zeros } from '../ops/creation.js';
import { slice } from '../ops/shape-ops.js';
import { keep, tidy } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';
import { trainModel, type TrainProgress } from '../train/train.js';
import { el2nScores } from './fused/el2n.js';
import { iterationSeed } from './schedule.js';

export interface El2nConfig {
  /** K: networks trained (default 2). */
  models: number;
  /** E: early epochs each (default 2). */
  epochs: number;
  lr: number;
  batch: number;
  momentum: number;
  weightDecay: number;
  /** DSA while training the scoring networks (false: none). */
  augment: DsaOptions | false;
  seed: number;
}

export function checkEl2nConfig(c: El2nConfig): void {
  for (const k of ['models', 'epochs', 'batch'] as const) if (!Number.isInteger(c[k]) || c[k] < 1) throw new Error(`el2n: ${k} must be a whole number >= 1, got ${c[k]}`);
  if (!(c.lr > 0)) throw new Error(`el2n: lr must be positive, got ${c.lr}`);
}

/** Trains scoring network k (seeded by the config seed and k) on resident images and labels. */
export async function trainScoringModel(model: Model, images: Tensor, labels: Tensor, c: El2nConfig, k: number, onProgress?: (p: TrainProgress) => void): Promise<Tensor> {
  const res = await trainModel(model, {
    images, labels, epochs: c.epochs, lr: c.lr, batch: c.batch, momentum: c.momentum, weightDecay: c.weightDecay,
    // Its own stream of the run seed, so scoring networks and experts never share an init or a shuffle.
    seed: iterationSeed(c.seed, k, 101), augment: c.augment, onProgress,
  });
  res.state?.forEach((t) => t.dispose());
  return res.params;
}

/** Mean EL2N score over `paramsList` for samples [from, to) of resident images/labels (one fused
 *  kernel per batch and network; one readback at the end). */
export async function el2nSlice(model: Model, paramsList: readonly Tensor[], images: Tensor, labels: Tensor, from: number, to: number, batch = 500): Promise<Float32Array> {
  if (!(from >= 0 && from <= to && to <= images.shape[0])) throw new Error(`el2n: sample range [${from}, ${to}) is outside [0, ${images.shape[0]})`);
  const parts: Tensor[] = [];
  noGrad(() => {
    for (let s = from; s < to; s += batch) {
      const b = Math.min(batch, to - s);
      parts.push(
        keep(
          tidy(() => {
            const x = slice(images, [s, 0, 0, 0], [b, ...images.shape.slice(1)]);
            const y = slice(labels, [s], [b]);
            let acc = zeros([b], { backend: images.backend });
            for (const p of paramsList) acc = add(acc, el2nScores(model.forward(p, x, { train: false }), y));
            return mul(acc, 1 / paramsList.length);
          }),
        ),
      );
    }
  });
  const out = new Float32Array(to - from);
  let off = 0;
  for (const p of parts) {
    out.set(await p.data(), off);
    off += p.size;
    p.dispose();
  }
  return out;
}

/** Each class's sample indices ordered easy to hard (ascending score; ties keep data order). */
export function orderByClass(scores: ArrayLike<number>, labels: Int32Array, numClasses: number): Int32Array[] {
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  labels.forEach((y, i) => {
    if (!(y >= 0 && y < numClasses)) throw new Error(`label ${y} of sample ${i} is outside [0, ${numClasses})`);
    byClass[y].push(i);
  });
  return byClass.map((idx) => Int32Array.from(idx.sort((a, b) => scores[a] - scores[b] || a - b)));
}
