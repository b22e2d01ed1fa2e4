/**
 * The datasets pad-gpu knows by name: how to read each from a DataSource, its conventional folder name
 * (under $PAD_GPU_DATA), and the reference's preprocessing default (ZCA for CIFAR and Tiny ImageNet,
 * mean/std for the digit sets).
 */
import { readCifar10, readCifar100 } from './cifar.js';
import type { ImageDataset } from './dataset.js';
import { readFashionMnist, readMnist, type SplitOptions } from './digits.js';
import type { DataSource } from './source.js';
import { readTinyImageNet } from './tiny-imagenet.js';

export type DatasetId = 'mnist' | 'fashion-mnist' | 'cifar10' | 'cifar100' | 'tiny-imagenet';

export interface DatasetInfo {
  readonly id: DatasetId;
  /** Folder name under $PAD_GPU_DATA (and the name the dataset's own archive unpacks to). */
  readonly folder: string;
  /** Where a system package installs it, if one does. */
  readonly systemDir?: string;
  readonly channels: number;
  readonly size: number;
  readonly numClasses: number;
  /** ZCA whitening instead of mean/std normalisation by default (as in the reference's configs). */
  readonly zcaByDefault: boolean;
  read(source: DataSource, opts?: SplitOptions & { perClass?: number }): Promise<ImageDataset>;
}

export const DATASETS: Readonly<Record<DatasetId, DatasetInfo>> = {
  'fashion-mnist': {
    id: 'fashion-mnist', folder: 'fashion-mnist', systemDir: '/usr/share/datasets/fashion-mnist',
    channels: 1, size: 28, numClasses: 10, zcaByDefault: false, read: readFashionMnist,
  },
  'mnist': {
    id: 'mnist', folder: 'mnist', systemDir: '/usr/share/datasets/mnist',
    channels: 1, size: 28, numClasses: 10, zcaByDefault: false, read: readMnist,
  },
  'cifar10': { id: 'cifar10', folder: 'cifar-10-batches-bin', channels: 3, size: 32, numClasses: 10, zcaByDefault: true, read: readCifar10 },
  'cifar100': { id: 'cifar100', folder: 'cifar-100-binary', channels: 3, size: 32, numClasses: 100, zcaByDefault: true, read: readCifar100 },
  'tiny-imagenet': {
    id: 'tiny-imagenet', folder: 'tiny-imagenet-200', channels: 3, size: 64, numClasses: 200, zcaByDefault: true, read: readTinyImageNet,
  },
};

const ALIASES: Record<string, DatasetId> = {
  fmnist: 'fashion-mnist', fashionmnist: 'fashion-mnist', 'fashion_mnist': 'fashion-mnist',
  'cifar-10': 'cifar10', 'cifar-100': 'cifar100', tiny: 'tiny-imagenet', tinyimagenet: 'tiny-imagenet', 'tiny-imagenet-200': 'tiny-imagenet',
};

/** The dataset for a name as users type it ('fashion-mnist', 'FashionMNIST', 'CIFAR10', 'Tiny', …). */
export function datasetInfo(name: string): DatasetInfo {
  const key = name.trim().toLowerCase();
  const id = (key in DATASETS ? key : ALIASES[key]) as DatasetId | undefined;
  if (!id) throw new Error(`unknown dataset "${name}"; known: ${Object.keys(DATASETS).join(', ')}`);
  return DATASETS[id];
}
