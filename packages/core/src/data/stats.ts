/**
 * Per-channel mean/std normalisation, (x - mean_c) / std_c, with the constants of the reference code
 * (DC/MTT/DATM/PAD get_dataset). Note that the reference reuses the CIFAR-10 constants for CIFAR-100.
 */
import type { ImageDataset } from './dataset.js';

export interface ChannelStats {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

export const DATASET_STATS: Readonly<Record<string, ChannelStats>> = {
  'mnist': { mean: [0.1307], std: [0.3081] },
  'fashion-mnist': { mean: [0.2861], std: [0.353] },
  'cifar10': { mean: [0.4914, 0.4822, 0.4465], std: [0.2023, 0.1994, 0.201] },
  'cifar100': { mean: [0.4914, 0.4822, 0.4465], std: [0.2023, 0.1994, 0.201] },
  'tiny-imagenet': { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
};

/** Per-channel mean and (population) standard deviation over all images and pixels, in float64. */
export function channelStats(ds: Pick<ImageDataset, 'images' | 'n' | 'channels' | 'height' | 'width'>): ChannelStats {
  const { images, n, channels } = ds;
  const plane = ds.height * ds.width;
  const mean: number[] = [];
  const std: number[] = [];
  for (let c = 0; c < channels; c++) {
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) {
      const o = (i * channels + c) * plane;
      // Per-image partial sums keep the float64 totals accurate over tens of millions of pixels.
      let a = 0, a2 = 0;
      for (let p = 0; p < plane; p++) { const v = images[o + p]; a += v; a2 += v * v; }
      s += a; s2 += a2;
    }
    const count = n * plane;
    const m = s / count;
    mean.push(m);
    std.push(Math.sqrt(Math.max(0, s2 / count - m * m)));
  }
  return { mean, std };
}

function checkStats(stats: ChannelStats, channels: number): void {
  if (stats.mean.length !== channels || stats.std.length !== channels) {
    throw new Error(`normalisation: ${stats.mean.length} means and ${stats.std.length} stds for ${channels} channels`);
  }
  if (stats.std.some((s) => !(s > 0))) throw new Error(`normalisation: every std must be > 0, got [${stats.std}]`);
}

/** (x - mean) / std per channel, as a new array; `images` is NCHW with the given channels and plane size. */
export function normalizeImages(images: Float32Array, channels: number, plane: number, stats: ChannelStats): Float32Array {
  checkStats(stats, channels);
  return mapChannels(images, channels, plane, (x, c) => (x - stats.mean[c]) / stats.std[c]);
}

/** x·std + mean per channel: undoes normalizeImages. */
export function denormalizeImages(images: Float32Array, channels: number, plane: number, stats: ChannelStats): Float32Array {
  checkStats(stats, channels);
  return mapChannels(images, channels, plane, (x, c) => x * stats.std[c] + stats.mean[c]);
}

/** A normalised copy of a dataset. */
export function normalizeDataset(ds: ImageDataset, stats: ChannelStats): ImageDataset {
  return { ...ds, images: normalizeImages(ds.images, ds.channels, ds.height * ds.width, stats) };
}

function mapChannels(images: Float32Array, channels: number, plane: number, f: (x: number, c: number) => number): Float32Array {
  const per = channels * plane;
  if (images.length % per !== 0) throw new Error(`normalisation: ${images.length} values is not a whole number of ${channels}x${plane} images`);
  const out = new Float32Array(images.length);
  for (let o = 0; o < images.length; o += per) {
    for (let c = 0; c < channels; c++) {
      const base = o + c * plane;
      for (let p = 0; p < plane; p++) out[base + p] = f(images[base + p], c);
    }
  }
  return out;
}
