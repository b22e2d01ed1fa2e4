/**
 * The in-memory form every loader returns: plain typed arrays, no tensors, so the same value feeds the
 * CPU and WebGPU backends, a web page and a safetensors file.
 */
import { DataError } from './errors.js';

export type Split = 'train' | 'test';

export interface ImageDataset {
  /** Dataset id with split, e.g. 'fashion-mnist/train'. */
  readonly name: string;
  /** n·C·H·W values, NCHW order. Loaders return values in [0, 1]; normalisation makes new arrays. */
  readonly images: Float32Array;
  /** n class indices in [0, numClasses). */
  readonly labels: Int32Array;
  readonly n: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly numClasses: number;
  /** Human-readable class names (index = label), when the dataset ships them. */
  readonly classNames?: readonly string[];
}

/** Checks sizes and label range, so a dataset that exists is consistent; `file` names the source in errors. */
export function makeDataset(fields: ImageDataset, file = fields.name): ImageDataset {
  const { images, labels, n, channels, height, width, numClasses, classNames } = fields;
  for (const [k, v] of Object.entries({ n, channels, height, width, numClasses })) {
    if (!Number.isInteger(v) || v < 0) throw new DataError(file, 'mismatch', `${k} must be a non-negative integer, got ${v}`);
  }
  if (images.length !== n * channels * height * width) {
    throw new DataError(file, 'mismatch', `expected ${n}x${channels}x${height}x${width} = ${n * channels * height * width} image values, got ${images.length}`);
  }
  if (labels.length !== n) throw new DataError(file, 'mismatch', `expected ${n} labels, got ${labels.length}`);
  const bad = labels.findIndex((l) => l < 0 || l >= numClasses);
  if (bad >= 0) throw new DataError(file, 'range', `label ${labels[bad]} of sample ${bad} is outside [0, ${numClasses})`);
  if (classNames && classNames.length !== numClasses) {
    throw new DataError(file, 'mismatch', `${classNames.length} class names for ${numClasses} classes`);
  }
  return fields;
}

/** Bytes 0..255 to floats in [0, 1], as torchvision's ToTensor does. */
export function bytesToUnit(bytes: Uint8Array, out = new Float32Array(bytes.length), offset = 0): Float32Array {
  for (let i = 0; i < bytes.length; i++) out[offset + i] = bytes[i] / 255;
  return out;
}

/** Number of values in one image. */
export function imageSize(ds: Pick<ImageDataset, 'channels' | 'height' | 'width'>): number {
  return ds.channels * ds.height * ds.width;
}
