/**
 * Loading datasets from disk by name (Node only). The folder is, in order: the `dir` option (the CLI's
 * --data-dir), $PAD_GPU_DATA/<folder> (DatasetInfo.folder, e.g. $PAD_GPU_DATA/fashion-mnist), then the
 * system package's folder (Fashion-MNIST: /usr/share/datasets/fashion-mnist from Debian's
 * dataset-fashion-mnist). CIFAR folders may also be given as their parent.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { ImageDataset } from './dataset.js';
import type { SplitOptions } from './digits.js';
import { DataError } from './errors.js';
import { dirSource } from './node-source.js';
import { datasetInfo } from './registry.js';

export interface LoadOptions extends SplitOptions {
  /** The dataset's folder; overrides $PAD_GPU_DATA and the system default. */
  dir?: string;
  /** Tiny ImageNet only: the first k images of each class. */
  perClass?: number;
}

/** The folder a dataset is read from (see the file comment); the error lists every place tried. */
export function resolveDataDir(name: string, dir?: string, env: Record<string, string | undefined> = process.env): string {
  if (dir) return dir;
  const info = datasetInfo(name);
  const tried: string[] = [];
  const root = env.PAD_GPU_DATA;
  if (root) {
    const p = path.join(root, info.folder);
    if (existsSync(p)) return p;
    tried.push(p);
  }
  if (info.systemDir) {
    if (existsSync(info.systemDir)) return info.systemDir;
    tried.push(info.systemDir);
  }
  const where = tried.length ? `looked in ${tried.join(', ')}` : 'it has no default location';
  throw new DataError(tried[0] ?? info.folder, 'missing', `${info.id} not found (${where}); pass its folder (--data-dir) or set PAD_GPU_DATA to the folder that contains ${info.folder}/`);
}

/** Loads one split of a dataset by name ('fashion-mnist', 'mnist', 'cifar10', 'cifar100', 'tiny-imagenet'). */
export function loadDataset(name: string, opts: LoadOptions = {}): Promise<ImageDataset> {
  const info = datasetInfo(name);
  return info.read(dirSource(resolveDataDir(info.id, opts.dir)), opts);
}

export const loadFashionMnist = (dir?: string, opts: SplitOptions = {}) => loadDataset('fashion-mnist', { ...opts, dir });
export const loadMnist = (dir?: string, opts: SplitOptions = {}) => loadDataset('mnist', { ...opts, dir });
export const loadCifar10 = (dir?: string, opts: SplitOptions = {}) => loadDataset('cifar10', { ...opts, dir });
export const loadCifar100 = (dir?: string, opts: SplitOptions = {}) => loadDataset('cifar100', { ...opts, dir });
export const loadTinyImageNet = (dir?: string, opts: SplitOptions & { perClass?: number } = {}) => loadDataset('tiny-imagenet', { ...opts, dir });
