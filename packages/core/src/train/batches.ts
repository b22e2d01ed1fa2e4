import { randpermArray } from '../ops/random.js';

/**
 * One epoch's minibatches of indices into a dataset of n samples: a seeded shuffle (counter-based, so
 * epoch e of seed s is the same permutation on every machine), cut into `batch`-sized chunks with a
 * smaller last one (DataLoader's shuffle=True, drop_last=False).
 */
export function epochBatches(n: number, batch: number, seed: number, epoch: number): Int32Array[] {
  if (n < 1) throw new Error('epochBatches: empty dataset');
  if (!(batch >= 1)) throw new Error(`epochBatches: batch size must be at least 1, got ${batch}`);
  const perm = randpermArray(n, seed, epoch * n);
  const out: Int32Array[] = [];
  for (let i = 0; i < n; i += batch) out.push(perm.subarray(i, Math.min(n, i + batch)));
  return out;
}

/** Batches per epoch for n samples. */
export function batchesPerEpoch(n: number, batch: number): number {
  return Math.ceil(n / batch);
}
