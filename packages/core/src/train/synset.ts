import type { Tensor } from '../tensor/tensor.js';
import { createModel, type CreateModelOptions } from '../nn/models/factory.js';
import type { Model } from '../nn/model.js';
import type { DsaOptions } from '../nn/augment/dsa.js';
import { evaluateAccuracy } from './evaluate.js';
import { stepDecay } from './schedule.js';
import { trainModel, type TrainProgress } from './train.js';

export interface SynsetEvalOptions {
  /** Test images [M, C, H, W] and i32 labels [M], resident on the device. */
  testImages: Tensor;
  testLabels: Tensor;
  /** The learned learning rate stored with the distilled set. */
  lr: number;
  /** Training epochs E (default 1000); the reference runs E + 1 epochs and decays after epoch E/2 + 1. */
  epochs?: number;
  /** Independent runs R with fresh initialisations (default 5). */
  runs?: number;
  momentum?: number;
  weightDecay?: number;
  batch?: number;
  /** DSA during training (default: all six families); false turns it off. */
  augment?: DsaOptions | false;
  /** Model name for createModel (default 'convnet') and its options besides the input geometry. */
  model?: string;
  modelOptions?: Partial<CreateModelOptions>;
  numClasses: number;
  seed?: number;
  /** Every few dozen steps, with the loss (one readback each). */
  onProgress?: (run: number, p: TrainProgress) => void;
  /** After every epoch, without a readback (for progress bars). */
  onEpoch?: (run: number, epoch: number) => void;
  onRunEnd?: (run: number, accuracy: number) => void;
}

export interface SynsetEvalResult {
  accuracies: number[];
  mean: number;
  /** Population standard deviation over runs (np.std, as the reference reports). */
  std: number;
  model: string;
}

/**
 * The distilled-set evaluation protocol of MTT/DATM/PAD (evaluate_synset): train a freshly initialised
 * network on the synthetic images with SGD (learned lr, momentum 0.9, weight decay 5e-4, batch 256,
 * DSA), for E + 1 epochs with the learning rate x0.1 after epoch E/2 + 1 (and a fresh optimizer, so
 * momentum restarts), then report test accuracy; repeat R times. Soft labels (f32 [N, K]) are logits.
 */
export async function evaluateSynset(images: Tensor, labels: Tensor, opts: SynsetEvalOptions): Promise<SynsetEvalResult> {
  const epochs = opts.epochs ?? 1000;
  const runs = opts.runs ?? 5;
  const name = opts.model ?? 'convnet';
  const [, channels, height, width] = images.shape;
  const milestone = Math.floor(epochs / 2) + 1;
  const accuracies: number[] = [];
  let model: Model | null = null;
  for (let run = 0; run < runs; run++) {
    model ??= createModel(name, { channels, height, width, numClasses: opts.numClasses, ...opts.modelOptions });
    const seed = (opts.seed ?? 0) * 1000 + run;
    const res = await trainModel(model, {
      images, labels, epochs: epochs + 1, lr: opts.lr, seed,
      momentum: opts.momentum ?? 0.9, weightDecay: opts.weightDecay ?? 5e-4, batch: opts.batch ?? 256,
      augment: opts.augment === undefined ? {} : opts.augment,
      lrAt: (ep) => stepDecay(opts.lr, ep, [milestone], 0.1),
      resetMomentumOnLrChange: true,
      reportEvery: 50,
      reportEachEpoch: false,
      onProgress: opts.onProgress ? (p) => opts.onProgress!(run, p) : undefined,
      onEpochEnd: opts.onEpoch ? (ep) => opts.onEpoch!(run, ep) : undefined,
    });
    const acc = await evaluateAccuracy(model, res.params, opts.testImages, opts.testLabels, { state: res.state });
    res.params.dispose();
    res.state?.forEach((t) => t.dispose());
    accuracies.push(acc);
    opts.onRunEnd?.(run, acc);
  }
  const mean = accuracies.reduce((a, b) => a + b, 0) / runs;
  const std = Math.sqrt(accuracies.reduce((a, b) => a + (b - mean) ** 2, 0) / runs);
  return { accuracies, mean, std, model: name };
}
