/**
 * PreparePad over @pad-gpu/core's PAD library, the browser counterpart of the CLI pipeline
 * (packages/core/src/distill/pipeline.ts): the same EL2N scoring (trainScoringModel, el2nSlice,
 * orderByClass), scheduled experts (epochIndices + trainModel, as experts-stage.ts but kept in memory
 * as MemoryExperts instead of files) and synthetic init (initSynthetic, 'correct' mode with the
 * experts' logits as soft labels). Images are normalised with the training set's channel statistics.
 */
import {
  MemoryExperts, channelStats, checkDistillConfig, checkExpertsCover, classIndices, createModel, diffAugment, el2nSlice, epochIndices,
  initSynthetic, iterationSeed, normalizeDataset, orderByClass, strategyForDataset, tensor, trainModel, trainScoringModel, uploadRows,
  type Backend, type DistillConfig, type DsaOptions, type ImageDataset, type FunctionalModel as Model, type SchedulerConfig, type Tensor,
} from '@pad-gpu/core';
import type { PadConfig, PreparePad } from '../api.js';
import { yieldToPage } from '../../yield.js';
import { LibraryRun } from './run.js';

/** The model PAD distills for: the core's ConvNet (instance norm) at the config's width and depth. */
export function padModel(d: Pick<ImageDataset, 'channels' | 'height' | 'width' | 'numClasses'>, c: Pick<PadConfig, 'width' | 'depth'>): Model {
  return createModel('convnet', { channels: d.channels, height: d.height, width: d.width, numClasses: d.numClasses, netWidth: c.width, depth: c.depth });
}

/** The loop's settings as the library names them (momenta 0.5 / 0.5 / 0.9, as the CLI's distillConfigOf). */
export function distillConfigOf(c: PadConfig): DistillConfig {
  return {
    iterations: 0, // the page owns the outer loop and calls distillIteration itself
    syntheticSteps: c.syntheticSteps, expertEpochs: c.expertStride, minStartEpoch: 0, maxStartEpoch: c.maxStartEpoch, batchSyn: 0,
    lrImg: c.lrImg, lrLr: c.lrLr, lrLabel: c.lrLabel, momentumImg: 0.5, momentumLr: 0.5, momentumLabel: 0.9,
    // The library wants a finite threshold; "never skip" (Infinity) maps to the largest one.
    threshold: Number.isFinite(c.lossThreshold) ? c.lossThreshold : Number.MAX_VALUE,
    alpha: c.alpha, seed: c.seed, thetaStore: 'device', cacheSteps: 0,
  };
}

export function dsaOf(train: Pick<ImageDataset, 'name'>, c: PadConfig): DsaOptions | false {
  return c.dsa ? { strategy: strategyForDataset(train.name ?? '') } : false;
}

export const preparePad: PreparePad = async (raw, config, backend, onStage) => {
  const distill = distillConfigOf(config);
  checkDistillConfig(distill);
  const stats = channelStats(raw);
  const train = normalizeDataset(raw, stats);
  const model = padModel(train, config);
  const dsa = dsaOf(raw, config);
  const owned: Tensor[] = [];
  try {
    const x = tensor(train.images, [train.n, train.channels, train.height, train.width], { backend });
    const y = tensor(train.labels, [train.n], { dtype: 'i32', backend });
    owned.push(x, y);

    // EL2N (only when the scheduler orders samples, as in the CLI): one network trained for a few early epochs.
    const scheduler: SchedulerConfig = { initRatio: config.ir, addEndEpoch: config.aee };
    let order = classIndices(train.labels, train.numClasses);
    if (config.ir < 1) {
      onStage?.('el2n', 0, 1);
      const el2n = { models: 1, epochs: config.el2nEpochs, lr: config.expertLr, batch: config.batchReal, momentum: 0, weightDecay: 0, augment: dsa, seed: config.seed };
      const scorer = await trainScoringModel(model, x, y, el2n, 0);
      const scores = await el2nSlice(model, [scorer], x, y, 0, train.n);
      scorer.dispose();
      order = orderByClass(scores, train.labels, train.numClasses);
      onStage?.('el2n', 1, 1);
      await yieldToPage();
    }

    // Experts on the scheduled (easy first) subsets; every epoch's parameters kept in memory.
    const trajectories: Float32Array[][] = [];
    const total = config.experts * config.expertEpochs;
    for (let k = 0; k < config.experts; k++) {
      let params = model.init(iterationSeed(config.seed, k, 202), backend);
      const traj = [Float32Array.from(await params.data())];
      for (let e = 0; e < config.expertEpochs; e++) {
        onStage?.('experts', k * config.expertEpochs + e, total);
        const idx = epochIndices(e, order, scheduler);
        if (idx.length === 0) throw new Error(`expert epoch ${e} has no samples (initial ratio ${config.ir} of classes this small rounds to 0)`);
        const images = uploadRows(train, idx, backend);
        const labels = tensor(Int32Array.from(idx, (i) => train.labels[i]), [idx.length], { dtype: 'i32', backend });
        const res = await trainModel(model, {
          images, labels, epochs: 1, lr: config.expertLr, batch: config.batchReal, momentum: 0, weightDecay: 0,
          seed: iterationSeed(config.seed, k * 100_003 + e, 203), params, augment: dsa, reportEvery: 1_000_000,
        });
        images.dispose();
        labels.dispose();
        res.state?.forEach((t) => t.dispose());
        params.dispose();
        params = res.params;
        traj.push(Float32Array.from(await params.data()));
        await yieldToPage();
      }
      params.dispose();
      trajectories.push(traj);
    }
    const experts = new MemoryExperts(trajectories, config.expertLr);
    checkExpertsCover(experts, distill.maxStartEpoch - 1, distill.expertEpochs);

    // Synthetic init: per class, real images an expert classifies correctly; soft labels = their logits.
    onStage?.('init', 0, 1);
    const init = await initSynthetic({
      model, data: train, ipc: config.ipc, mode: 'correct', seed: config.seed, backend,
      expertFinal: { count: experts.count, load: (i) => experts.load(i, experts.snapshots(i) - 1, backend) },
    });
    onStage?.('init', 1, 1);
    const augment = dsa ? (t: Tensor, seed: number) => diffAugment(t, seed, dsa) : undefined;
    return new LibraryRun({
      config, distill, model, experts, augment, dsa, stats, backend, init,
      classes: train.numClasses, imageShape: [train.channels, train.height, train.width],
    });
  } finally {
    for (const t of owned) t.dispose();
  }
};
