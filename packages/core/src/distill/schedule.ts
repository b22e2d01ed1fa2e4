import { randpermArray } from '../ops/random.js';
import { lowbias32, streamKey, uniformAt } from '../random/counter-hash.js';

/**
 * Per-iteration random choices of the distillation loop, each a pure function of (seed, iteration) so
 * that a resumed run makes the same choices as an uninterrupted one.
 */

/** Independent sub-seeds of one iteration (plan, expert, start epoch...). */
export function iterationSeed(seed: number, iteration: number, stream: number): number {
  return lowbias32((lowbias32((seed ^ Math.imul(iteration + 1, 0x85ebca6b)) >>> 0) + stream * 0x27d4eb2f) >>> 0);
}

/**
 * The upper end (exclusive) of the start-epoch window at this iteration (DATM's sequential generation,
 * reference: Upper_Bound = current_max + int((max - current_max) · it / expansion_end), capped at max).
 * Without sequential generation it is fixed at maxStart.
 */
export function startEpochUpper(iteration: number, o: { maxStart: number; sequential?: { currentMax: number; expansionEnd: number } }): number {
  if (!o.sequential) return o.maxStart;
  const { currentMax, expansionEnd } = o.sequential;
  const grown = currentMax + Math.trunc(((o.maxStart - currentMax) * iteration) / expansionEnd);
  return Math.min(grown, o.maxStart);
}

/** A start epoch t uniform in [minStart, upper) (numpy's randint). */
export function pickStartEpoch(seed: number, iteration: number, minStart: number, upper: number): number {
  if (upper <= minStart) throw new Error(`start epoch window [${minStart}, ${upper}) is empty`);
  const u = uniformAt(streamKey(iterationSeed(seed, iteration, 1)), 0);
  return minStart + Math.floor(u * (upper - minStart));
}

/** The expert of this iteration: experts are visited in a shuffled order, reshuffled every pass over
 *  all of them (as the reference walks its shuffled buffer). */
export function pickExpert(seed: number, iteration: number, experts: number): number {
  const cycle = Math.floor(iteration / experts);
  const perm = randpermArray(experts, iterationSeed(seed, cycle, 2));
  return perm[iteration % experts];
}
