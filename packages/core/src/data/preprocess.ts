/**
 * The reference's preprocessing of a train/test pair: either per-channel mean/std normalisation with the
 * dataset's constants, or (CIFAR and Tiny ImageNet by default) ZCA whitening fitted on the training
 * images in [0, 1] and applied to both splits, without mean/std (the reference's `--zca` path uses only
 * ToTensor before ZCA). The returned description is what undoes it for display.
 */
import type { ImageDataset } from './dataset.js';
import { datasetInfo } from './registry.js';
import { DATASET_STATS, channelStats, denormalizeImages, normalizeImages, type ChannelStats } from './stats.js';
import { applyZca, fitZca, unapplyZca, type ZcaTransform } from './zca.js';

export type Preprocessing =
  | { readonly kind: 'none' }
  | { readonly kind: 'meanstd'; readonly stats: ChannelStats }
  | { readonly kind: 'zca'; readonly zca: ZcaTransform };

export interface PreprocessOptions {
  /** ZCA instead of mean/std; default per dataset (DatasetInfo.zcaByDefault). */
  zca?: boolean;
  /** ZCA regularisation (default 0.1, as the reference). */
  zcaEps?: number;
  /** A fitted transform to reuse (e.g. cached on disk) instead of fitting one. */
  zcaTransform?: ZcaTransform;
  /** Mean/std to use instead of the dataset's constants; 'computed' measures them on the training split. */
  stats?: ChannelStats | 'computed';
}

/** Preprocesses `train` and `test` of dataset `id` (a name accepted by datasetInfo) as the reference does. */
export function preprocessPair(
  id: string, train: ImageDataset, test: ImageDataset, opts: PreprocessOptions = {},
): { train: ImageDataset; test: ImageDataset; preprocessing: Preprocessing } {
  const info = datasetInfo(id);
  if (opts.zca ?? (opts.zcaTransform !== undefined || info.zcaByDefault)) {
    const dim = train.channels * train.height * train.width;
    const zca = opts.zcaTransform ?? fitZca(train.images, train.n, dim, { eps: opts.zcaEps ?? 0.1 });
    if (zca.dim !== dim) throw new Error(`ZCA transform is for ${zca.dim}-value images, ${id} has ${dim}`);
    return {
      train: { ...train, images: applyZca(zca, train.images) },
      test: { ...test, images: applyZca(zca, test.images) },
      preprocessing: { kind: 'zca', zca },
    };
  }
  const stats = opts.stats === 'computed' ? channelStats(train) : opts.stats ?? DATASET_STATS[info.id];
  const plane = train.height * train.width;
  return {
    train: { ...train, images: normalizeImages(train.images, train.channels, plane, stats) },
    test: { ...test, images: normalizeImages(test.images, test.channels, plane, stats) },
    preprocessing: { kind: 'meanstd', stats },
  };
}

/** Maps preprocessed images back to pixel space ([0, 1] up to what the model made of them). */
export function undoPreprocessing(p: Preprocessing, images: Float32Array, channels: number, plane: number): Float32Array {
  switch (p.kind) {
    case 'none': return images.slice();
    case 'meanstd': return denormalizeImages(images, channels, plane, p.stats);
    case 'zca': return unapplyZca(p.zca, images);
  }
}
