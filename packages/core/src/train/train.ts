import { grad } from '../autograd/grad.js';
import { requiresGrad } from '../autograd/record.js';
import { add, mul } from '../ops/arithmetic.js';
import { concat, reshape } from '../ops/shape-ops.js';
import { tensor, zeros } from '../ops/creation.js';
import { indexSelect } from '../ops/gather.js';
import { randomBits, streamKey } from '../random/counter-hash.js';
import { keep, tidy } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Model, ModelState } from '../nn/model.js';
import { diffAugment, type DsaOptions } from '../nn/augment/dsa.js';
import { epochBatches } from './batches.js';
import { checkFinite } from './divergence.js';
import { classificationLoss, countCorrect } from './loss.js';
import { Sgd } from './sgd.js';

export interface TrainProgress {
  epoch: number;
  /** Steps done so far (over all epochs). */
  step: number;
  totalSteps: number;
  /** Mean training loss and accuracy over the steps since the last report (augmented, train mode). */
  loss: number;
  accuracy: number;
  imagesPerSecond: number;
  elapsedMs: number;
  lr: number;
}

export interface TrainOptions {
  /** Images [N, C, H, W] and labels (i32 [N], or f32 [N, K] soft logits), resident on the device. */
  images: Tensor;
  labels: Tensor;
  epochs: number;
  lr: number;
  momentum?: number;
  weightDecay?: number;
  batch?: number;
  /** Seeds the shuffle and the augmentation (default 0). */
  seed?: number;
  /** Starting parameters (not disposed); default model.init(seed). */
  params?: Tensor;
  /** BatchNorm state, updated in place; default model.initState() when the model has one. */
  state?: ModelState;
  /** DSA on the minibatches (default off). */
  augment?: DsaOptions | false;
  /** Learning rate of an epoch (default constant); called at the start of every epoch. */
  lrAt?: (epoch: number) => number;
  /** Reset the momentum whenever the learning rate changes (the reference rebuilds its optimizer). */
  resetMomentumOnLrChange?: boolean;
  /** Read back loss/accuracy every this many steps (default 20)... */
  reportEvery?: number;
  /** ...and at the end of every epoch (default true; tiny synthetic sets turn it off to avoid a stall per epoch). */
  reportEachEpoch?: boolean;
  onProgress?: (p: TrainProgress) => void;
  /** Called at the end of each epoch with the current parameters (e.g. to save an expert trajectory). */
  onEpochEnd?: (epoch: number, params: Tensor) => void | Promise<void>;
}

export interface TrainResult {
  params: Tensor;
  state?: ModelState;
  /** Every report's mean loss, in order. */
  losses: number[];
  steps: number;
  imagesPerSecond: number;
}

/**
 * Minibatch SGD of `model` on a resident dataset: per step one indexSelect gathers the batch (indices are
 * the only upload), optional DSA, forward, cross entropy, backward and the SGD update, all queued on the
 * device. Loss and accuracy accumulate on the device and are read back every `reportEvery` steps, where
 * a NaN/Inf stops training with a TrainingDivergedError.
 */
export async function trainModel(model: Model, opts: TrainOptions): Promise<TrainResult> {
  const { images, labels, epochs } = opts;
  const n = images.shape[0];
  const backend = images.backend;
  if (labels.shape[0] !== n) throw new Error(`trainModel: ${n} images but ${labels.shape[0]} labels`);
  const seed = opts.seed ?? 0;
  const batch = opts.batch ?? 256;
  const reportEvery = opts.reportEvery ?? 20;
  const augKey = streamKey(seed ^ 0x5f3759df);
  let params = opts.params ? keep(opts.params.detach()) : keep(model.init(seed, backend));
  const state = opts.state ?? (model.initState ? model.initState(backend) : undefined);
  const sgd = new Sgd({ lr: opts.lr, momentum: opts.momentum ?? 0.9, weightDecay: opts.weightDecay ?? 5e-4 });
  const losses: number[] = [];
  const totalSteps = epochs * Math.ceil(n / batch);
  let step = 0;
  let seen = 0;
  const t0 = performance.now();
  // [loss sum, correct count, samples] since the last report, on the device.
  let acc = keep(zeros([3], { backend }));

  const report = async (epoch: number, lr: number) => {
    const [lossSum, correct, count] = await acc.data();
    acc.dispose();
    acc = keep(zeros([3], { backend }));
    if (count === 0) return;
    const loss = lossSum / count;
    checkFinite('the training loss', loss, epoch, step, lr);
    losses.push(loss);
    const elapsedMs = performance.now() - t0;
    opts.onProgress?.({ epoch, step, totalSteps, loss, accuracy: correct / count, imagesPerSecond: (seen * 1000) / elapsedMs, elapsedMs, lr });
  };

  try {
    let lr = opts.lr;
    for (let epoch = 0; epoch < epochs; epoch++) {
      const nextLr = opts.lrAt ? opts.lrAt(epoch) : opts.lr;
      if (nextLr !== lr && opts.resetMomentumOnLrChange) sgd.reset();
      lr = nextLr;
      sgd.setLr(lr);
      for (const idx of epochBatches(n, batch, seed, epoch)) {
        const next = tidy(() => {
          const ix = tensor(idx, [idx.length], { dtype: 'i32', backend });
          let x = indexSelect(images, ix);
          const y = indexSelect(labels, ix);
          if (opts.augment) x = diffAugment(x, randomBits(augKey, step), opts.augment);
          const p = requiresGrad(params.detach());
          const logits = model.forward(p, x, { train: true, state });
          const loss = classificationLoss(logits, y);
          const [g] = grad(loss, [p]);
          const stats = concat([reshape(mul(loss.detach(), idx.length), [1]), reshape(countCorrect(logits.detach(), y), [1]), tensor([idx.length], [1], { backend })]);
          return { params: sgd.step(params, g), acc: add(acc, stats) };
        });
        params.dispose();
        params = keep(next.params);
        acc.dispose();
        acc = keep(next.acc);
        step++;
        seen += idx.length;
        if (step % reportEvery === 0) await report(epoch, lr);
      }
      if (opts.reportEachEpoch !== false || epoch === epochs - 1) await report(epoch, lr);
      await opts.onEpochEnd?.(epoch, params);
    }
  } catch (e) {
    params.dispose();
    throw e;
  } finally {
    acc.dispose();
    sgd.dispose();
  }
  return { params, state, losses, steps: step, imagesPerSecond: (seen * 1000) / (performance.now() - t0) };
}
