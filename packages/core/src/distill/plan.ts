import { randpermArray } from '../ops/random.js';
import { lowbias32 } from '../random/counter-hash.js';

/** What the reverse pass must replay to rebuild step i exactly: the minibatch and the augmentation. */
export interface StepPlan {
  /** Rows of the synthetic set used at this step (i32, in the order they are batched). */
  readonly indices: Int32Array;
  /** Seed of this step's differentiable augmentation (DSA draws all its randomness from it). */
  readonly augSeed: number;
}

/**
 * The minibatches of one unroll of N student steps, as the reference builds them (MTT/DATM/PAD
 * distill loop): when the list of chunks is empty, draw a fresh permutation of the synthetic set and
 * split it into chunks of batchSyn (the last one may be smaller); each step takes the *last* chunk.
 * All randomness comes from `seed`, so a resumed run replays the same plan.
 */
export function unrollPlan(numSynthetic: number, batchSyn: number, steps: number, seed: number): StepPlan[] {
  if (!Number.isInteger(numSynthetic) || numSynthetic < 1) throw new Error(`unroll plan: synthetic set size ${numSynthetic} must be a positive integer`);
  if (!Number.isInteger(batchSyn) || batchSyn < 1) throw new Error(`unroll plan: batch_syn must be a positive integer, got ${batchSyn}`);
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`unroll plan: the number of student steps must be a positive integer, got ${steps}`);
  const plan: StepPlan[] = [];
  let chunks: Int32Array[] = [];
  let draws = 0;
  for (let step = 0; step < steps; step++) {
    if (chunks.length === 0) {
      const perm = randpermArray(numSynthetic, seed, draws * numSynthetic);
      draws++;
      for (let s = 0; s < numSynthetic; s += batchSyn) chunks.push(perm.slice(s, Math.min(s + batchSyn, numSynthetic)));
    }
    const indices = chunks.pop()!;
    plan.push({ indices, augSeed: lowbias32((Math.imul(seed >>> 0, 0x9e3779b1) ^ (step + 1)) >>> 0) });
  }
  return plan;
}
