// The real Fashion-MNIST files from Debian's dataset-fashion-mnist (PLATFORM.md: always installed on
// this project's machines). Expected values were measured with an independent reader (Python gzip +
// numpy) on the same files.
import { describe, expect, it } from 'vitest';
import { channelStats, classIndices, DATASET_STATS } from '../src/index.js';
import { loadDataset, loadFashionMnist, resolveDataDir } from '../src/node.js';

const SYSTEM_DIR = '/usr/share/datasets/fashion-mnist';

describe('Fashion-MNIST (real files)', () => {
  it('loads the training split: 60,000 28x28 images, 6,000 per class', async () => {
    const ds = await loadFashionMnist(SYSTEM_DIR, { split: 'train' });
    expect([ds.n, ds.channels, ds.height, ds.width, ds.numClasses]).toEqual([60000, 1, 28, 28, 10]);
    expect(Array.from(ds.labels.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    expect(classIndices(ds.labels, 10).map((c) => c.length)).toEqual(Array(10).fill(6000));
    let first = 0;
    for (let p = 0; p < 784; p++) first += ds.images[p];
    expect(first).toBeCloseTo(299.0078431372549, 3);
    // The reference's normalisation constants are these statistics rounded.
    const s = channelStats(ds);
    expect(s.mean[0]).toBeCloseTo(0.2860405969887955, 6);
    expect(s.std[0]).toBeCloseTo(0.35302424451492254, 6);
    expect(s.mean[0]).toBeCloseTo(DATASET_STATS['fashion-mnist'].mean[0], 3);
    expect(s.std[0]).toBeCloseTo(DATASET_STATS['fashion-mnist'].std[0], 3);
  });

  it('loads the test split: 10,000 images, 1,000 per class', async () => {
    const ds = await loadDataset('fashion-mnist', { split: 'test', dir: SYSTEM_DIR });
    expect(ds.n).toBe(10000);
    expect(Array.from(ds.labels.subarray(0, 10))).toEqual([9, 2, 1, 1, 6, 1, 4, 6, 5, 7]);
    expect(classIndices(ds.labels, 10).map((c) => c.length)).toEqual(Array(10).fill(1000));
    expect(ds.classNames?.[0]).toBe('T-shirt/top');
  });
});

describe('data folder resolution', () => {
  it('uses --data-dir first, then $PAD_GPU_DATA/<folder>, then the system folder', () => {
    expect(resolveDataDir('fashion-mnist', '/x/y', { PAD_GPU_DATA: '/tmp' })).toBe('/x/y');
    // /usr/share/datasets contains fashion-mnist/, so it works as a PAD_GPU_DATA root.
    expect(resolveDataDir('FashionMNIST', undefined, { PAD_GPU_DATA: '/usr/share/datasets' })).toBe(SYSTEM_DIR);
    expect(resolveDataDir('fashion-mnist', undefined, { PAD_GPU_DATA: '/nonexistent' })).toBe(SYSTEM_DIR);
    expect(resolveDataDir('fashion-mnist', undefined, {})).toBe(SYSTEM_DIR);
  });

  it('says where it looked when a dataset cannot be found', () => {
    expect(() => resolveDataDir('cifar10', undefined, { PAD_GPU_DATA: '/nonexistent' })).toThrow(
      '/nonexistent/cifar-10-batches-bin: cifar10 not found (looked in /nonexistent/cifar-10-batches-bin); pass its folder (--data-dir) or set PAD_GPU_DATA to the folder that contains cifar-10-batches-bin/',
    );
    expect(() => resolveDataDir('tiny', undefined, {})).toThrow(/tiny-imagenet not found \(it has no default location\)/);
    expect(() => resolveDataDir('svhn', undefined, {})).toThrow('unknown dataset "svhn"; known: fashion-mnist, mnist, cifar10, cifar100, tiny-imagenet');
  });
});
