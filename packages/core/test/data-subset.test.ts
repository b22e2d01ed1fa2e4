import { describe, expect, it } from 'vitest';
import {
  balancedSubset, channelStats, classIndices, DATASET_STATS, denormalizeImages, makeDataset, normalizeDataset, normalizeImages, shuffled, subsetDataset,
} from '../src/index.js';
import { Rng } from './util/rng.js';

// 3 classes with 5, 8 and 4 samples in a shuffled order; image i is filled with the value i.
const labels = Int32Array.from([1, 0, 2, 1, 1, 0, 2, 1, 0, 1, 2, 0, 1, 1, 2, 0, 1]);
const n = labels.length, size = 2 * 2 * 2;
const ds = makeDataset({
  name: 'toy', images: Float32Array.from({ length: n * size }, (_, k) => Math.floor(k / size)), labels, n,
  channels: 2, height: 2, width: 2, numClasses: 3, classNames: ['a', 'b', 'c'],
});

describe('class index lists', () => {
  it('lists each class in ascending order', () => {
    const idx = classIndices(labels, 3).map((a) => Array.from(a));
    expect(idx).toEqual([[1, 5, 8, 11, 15], [0, 3, 4, 7, 9, 12, 13, 16], [2, 6, 10, 14]]);
    expect(classIndices(labels, 4)[3].length).toBe(0);
    expect(() => classIndices(labels, 2)).toThrow('classIndices: label 2 is outside [0, 2)');
  });
});

describe('balancedSubset', () => {
  it('takes perClass of every class, reproducibly, in ascending index order', () => {
    const a = balancedSubset(ds, { perClass: 3 }, 7);
    const b = balancedSubset(ds, { perClass: 3 }, 7);
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(Array.from(a.indices)).toEqual([...a.indices].sort((x, y) => x - y));
    expect(classIndices(a.dataset.labels, 3).map((c) => c.length)).toEqual([3, 3, 3]);
    a.indices.forEach((src, k) => {
      expect(a.dataset.labels[k]).toBe(labels[src]);
      expect(a.dataset.images[k * size + 5]).toBe(src);
    });
    expect(a.dataset.n).toBe(9);
    const seeds = new Set(Array.from({ length: 8 }, (_, s) => balancedSubset(ds, { perClass: 3 }, s).indices.join(',')));
    expect(seeds.size).toBeGreaterThan(1);
  });

  it('spreads a total evenly, the remainder to the first classes', () => {
    const { dataset } = balancedSubset(ds, { total: 11 }, 1);
    expect(classIndices(dataset.labels, 3).map((c) => c.length)).toEqual([4, 4, 3]);
  });

  it('says which class is too small', () => {
    expect(() => balancedSubset(ds, { perClass: 5 }, 0)).toThrow('balancedSubset: class 2 (c) of toy has 4 samples, 5 requested');
    expect(() => balancedSubset(ds, { total: -1 }, 0)).toThrow('balancedSubset: size must be a non-negative integer, got -1');
  });

  it('shuffles as a permutation and gathers subsets in the given order', () => {
    const p = shuffled(Int32Array.from({ length: 50 }, (_, i) => i), 3);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(p)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    const s = subsetDataset(ds, [4, 0]);
    expect(Array.from(s.labels)).toEqual([1, 1]);
    expect(s.images[0]).toBe(4);
    expect(s.images[size]).toBe(0);
    expect(() => subsetDataset(ds, [17])).toThrow('subsetDataset: index 17 is outside [0, 17)');
  });
});

describe('dataset checks and normalisation', () => {
  it('rejects inconsistent datasets', () => {
    const base = { name: 'bad', images: new Float32Array(8), labels: Int32Array.from([0, 1]), n: 2, channels: 1, height: 2, width: 2, numClasses: 2 };
    expect(() => makeDataset({ ...base, images: new Float32Array(7) })).toThrow('bad: expected 2x1x2x2 = 8 image values, got 7');
    expect(() => makeDataset({ ...base, labels: Int32Array.from([0, 2]) })).toThrow('bad: label 2 of sample 1 is outside [0, 2)');
    expect(() => makeDataset({ ...base, classNames: ['x'] })).toThrow('bad: 1 class names for 2 classes');
  });

  it('normalises per channel and back, with measured or reference statistics', () => {
    const rng = new Rng(4);
    const c = 3, plane = 5, m = 40;
    const images = new Float32Array(m * c * plane);
    for (let i = 0; i < m; i++) for (let ch = 0; ch < c; ch++) for (let p = 0; p < plane; p++) {
      images[(i * c + ch) * plane + p] = 0.2 * ch + 0.1 * (ch + 1) * rng.normal(1)[0];
    }
    const shape = { images, n: m, channels: c, height: 1, width: plane };
    const stats = channelStats(shape);
    const z = normalizeImages(images, c, plane, stats);
    const after = channelStats({ ...shape, images: z });
    after.mean.forEach((v) => expect(v).toBeCloseTo(0, 6));
    after.std.forEach((v) => expect(v).toBeCloseTo(1, 5));
    denormalizeImages(z, c, plane, stats).forEach((v, k) => expect(v).toBeCloseTo(images[k], 6));
    const cifar = DATASET_STATS.cifar10;
    expect(normalizeImages(Float32Array.from([0.5, 0.5, 0.5]), 3, 1, cifar)[2]).toBeCloseTo((0.5 - 0.4465) / 0.201, 6);
    expect(() => normalizeImages(images, c, plane, DATASET_STATS.mnist)).toThrow('normalisation: 1 means and 1 stds for 3 channels');
    expect(normalizeDataset(ds, { mean: [1, 1], std: [2, 2] }).images[size * 3]).toBe(1);
  });
});
