/**
 * MNIST and Fashion-MNIST from their standard file names ({train,t10k}-{images-idx3,labels-idx1}-ubyte,
 * gzipped or not) in any DataSource. Class names follow torchvision (the reference code's classes).
 */
import type { ImageDataset, Split } from './dataset.js';
import { DataError } from './errors.js';
import { idxDataset } from './idx.js';
import type { DataSource } from './source.js';

export const FASHION_MNIST_CLASSES: readonly string[] = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
];
export const MNIST_CLASSES: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export interface SplitOptions {
  /** Default 'train'. */
  split?: Split;
}

export function readFashionMnist(source: DataSource, opts: SplitOptions = {}): Promise<ImageDataset> {
  return readIdxDigits(source, 'fashion-mnist', FASHION_MNIST_CLASSES, opts.split ?? 'train');
}

export function readMnist(source: DataSource, opts: SplitOptions = {}): Promise<ImageDataset> {
  return readIdxDigits(source, 'mnist', MNIST_CLASSES, opts.split ?? 'train');
}

async function readIdxDigits(source: DataSource, id: string, classNames: readonly string[], split: Split): Promise<ImageDataset> {
  const prefix = split === 'train' ? 'train' : 't10k';
  const [images, labels] = await Promise.all([
    readEitherCompression(source, `${prefix}-images-idx3-ubyte`),
    readEitherCompression(source, `${prefix}-labels-idx1-ubyte`),
  ]);
  return idxDataset(images, labels, { name: `${id}/${split}`, numClasses: classNames.length, classNames });
}

/** `base.gz` if it exists, else `base`; the error names both when neither does. */
async function readEitherCompression(source: DataSource, base: string): Promise<{ bytes: Uint8Array; file: string }> {
  for (const path of [`${base}.gz`, base]) {
    if (await source.exists(path)) return { bytes: await source.read(path), file: source.locate(path) };
  }
  throw new DataError(source.locate(`${base}.gz`), 'missing', `no such file (nor ${base} uncompressed)`);
}
