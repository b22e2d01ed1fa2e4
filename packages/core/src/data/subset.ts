/**
 * Per-class index lists (PAD's `indices_class`: the real images of each class, for EL2N ordering,
 * the data scheduler and synthetic initialisation) and seeded class-balanced subsets.
 */
import { randomBits, streamKey } from '../random/counter-hash.js';
import { imageSize, type ImageDataset } from './dataset.js';

/** For each class, the indices of its samples in ascending order. */
export function classIndices(labels: Int32Array, numClasses: number): Int32Array[] {
  const counts = new Int32Array(numClasses);
  for (const l of labels) {
    if (l < 0 || l >= numClasses) throw new Error(`classIndices: label ${l} is outside [0, ${numClasses})`);
    counts[l]++;
  }
  const out = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(numClasses);
  labels.forEach((l, i) => { out[l][fill[l]++] = i; });
  return out;
}

/** The samples at `indices`, in that order, as a new dataset. */
export function subsetDataset(ds: ImageDataset, indices: ArrayLike<number>, name = `${ds.name}[subset]`): ImageDataset {
  const size = imageSize(ds);
  const images = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!Number.isInteger(i) || i < 0 || i >= ds.n) throw new Error(`subsetDataset: index ${i} is outside [0, ${ds.n})`);
    images.set(ds.images.subarray(i * size, (i + 1) * size), k * size);
    labels[k] = ds.labels[i];
  }
  return { ...ds, name, images, labels, n: indices.length };
}

/** A seeded permutation of `values` (Fisher-Yates on the shared counter-based generator). */
export function shuffled(values: Int32Array, seed: number): Int32Array {
  const out = values.slice();
  const key = streamKey(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor((randomBits(key, i) / 2 ** 32) * (i + 1));
    const t = out[i]; out[i] = out[j]; out[j] = t;
  }
  return out;
}

export type SubsetSize = { perClass: number } | { total: number };

/**
 * A class-balanced random subset: `perClass` samples of every class, or `total` spread evenly (the
 * first total % numClasses classes get one more). Same seed, same subset; the chosen indices are
 * returned in ascending order, and the subset keeps that order.
 */
export function balancedSubset(ds: ImageDataset, size: SubsetSize, seed: number): { dataset: ImageDataset; indices: Int32Array } {
  const k = ds.numClasses;
  const want = (c: number) => ('perClass' in size ? size.perClass : Math.floor(size.total / k) + (c < size.total % k ? 1 : 0));
  const amount = 'perClass' in size ? size.perClass : size.total;
  if (!Number.isInteger(amount) || amount < 0) throw new Error(`balancedSubset: size must be a non-negative integer, got ${amount}`);
  const byClass = classIndices(ds.labels, k);
  const chosen: number[] = [];
  byClass.forEach((idx, c) => {
    const need = want(c);
    if (idx.length < need) {
      const name = ds.classNames ? ` (${ds.classNames[c]})` : '';
      throw new Error(`balancedSubset: class ${c}${name} of ${ds.name} has ${idx.length} samples, ${need} requested`);
    }
    chosen.push(...shuffled(idx, (seed * 1000003 + c) >>> 0).subarray(0, need));
  });
  const indices = Int32Array.from(chosen).sort();
  const label = 'perClass' in size ? `${size.perClass}/class` : `${size.total}`;
  return { dataset: subsetDataset(ds, indices, `${ds.name}[balanced ${label}, seed ${seed}]`), indices };
}
