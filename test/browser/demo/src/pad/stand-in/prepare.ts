/**
 * The stand-in PreparePad: EL2N scoring, one expert trained with the data scheduler (its parameters
 * kept after every epoch), and a synthetic set initialised from real images the expert gets right,
 * with the expert's logits as learnable soft labels.
 */
import { tensor, type Backend, type Tensor } from '@pad-gpu/core';
import type { ImageSet, PreparePad } from '../api.js';
import { el2nScores, orderByClass, schedulerFraction, scheduledIndices } from './el2n.js';
import { padConvNet } from './model.js';
import { mulberry32, shuffled } from './rng.js';
import { StandInRun } from './run.js';
import { argmax, logitsOf, sgdEpoch } from './train.js';

export interface Normalisation {
  mean: number;
  std: number;
}

export function normalisationOf(set: ImageSet): Normalisation {
  let s = 0;
  let s2 = 0;
  for (const v of set.images) {
    s += v;
    s2 += v * v;
  }
  const mean = s / set.images.length;
  return { mean, std: Math.sqrt(Math.max(1e-12, s2 / set.images.length - mean * mean)) };
}

export function imagesTensor(set: ImageSet, norm: Normalisation, backend: Backend): Tensor {
  const v = set.images.map((p) => (p - norm.mean) / norm.std);
  return tensor(v, [set.n, set.channels, set.height, set.width], { backend });
}

export const preparePad: PreparePad = async (train, config, backend, onStage) => {
  const model = padConvNet(train.channels, train.height, train.width, train.numClasses, config.width, config.depth);
  const norm = normalisationOf(train);
  const x = imagesTensor(train, norm, backend);
  const y = tensor(train.labels, [train.n], { dtype: 'i32', backend });
  const rand = mulberry32(config.seed);
  const all = Int32Array.from({ length: train.n }, (_, i) => i);

  // EL2N: a model trained for a few early epochs scores every sample.
  let scorer = model.init(config.seed + 1, backend);
  for (let e = 0; e < config.el2nEpochs; e++) {
    onStage?.('el2n', e, config.el2nEpochs);
    const next = await sgdEpoch(model, scorer, x, y, shuffled(all, rand), config.expertLr, config.batchReal);
    scorer.dispose();
    scorer = next;
  }
  const order = orderByClass(await el2nScores(model, scorer, x, train.labels, train.numClasses), train.labels, train.numClasses);
  scorer.dispose();

  // One expert on the scheduled (easy first) data; θ*_0 .. θ*_E.
  const trajectory: Tensor[] = [model.init(config.seed + 2, backend)];
  for (let e = 0; e < config.expertEpochs; e++) {
    onStage?.('experts', e, config.expertEpochs);
    const ids = shuffled(scheduledIndices(order, schedulerFraction(e, config.ir, config.aee)), rand);
    trajectory.push(await sgdEpoch(model, trajectory[e], x, y, ids, config.expertLr, config.batchReal));
  }

  // Synthetic init: per class, the easiest images the final expert classifies correctly.
  onStage?.('init', 0, 1);
  const expert = trajectory[trajectory.length - 1];
  const logits = await logitsOf(model, expert, x, train.numClasses);
  const chosen: number[] = [];
  for (const ids of order) {
    const right = [...ids].filter((i) => argmax(logits, i * train.numClasses, train.numClasses) === train.labels[i]);
    const pool = right.length >= config.ipc ? right : [...ids];
    for (let k = 0; k < config.ipc; k++) chosen.push(pool[k % pool.length]);
  }
  const px = train.height * train.width * train.channels;
  const images = new Float32Array(chosen.length * px);
  const labelLogits = new Float32Array(chosen.length * train.numClasses);
  chosen.forEach((i, j) => {
    for (let p = 0; p < px; p++) images[j * px + p] = (train.images[i * px + p] - norm.mean) / norm.std;
    labelLogits.set(logits.subarray(i * train.numClasses, (i + 1) * train.numClasses), j * train.numClasses);
  });
  x.dispose();
  y.dispose();
  onStage?.('init', 1, 1);
  return new StandInRun({ config, model, norm, backend, trajectory, images, labelLogits, classes: train.numClasses, imageShape: [train.channels, train.height, train.width] });
};
