/**
 * The counter-based generator shared by every backend: element i of a stream is a pure function of
 * (seed, i), so the CPU backend, the WGSL kernel (random.wgsl mirrors this code line for line) and any
 * replay of an augmentation produce the same numbers.
 *
 * Two rounds of the lowbias32 integer hash (Chris Wellons' hash-prospector): good avalanche, only
 * 32-bit multiplies, which WGSL has.
 */
export function lowbias32(v: number): number {
  let x = v >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

export function streamKey(seed: number): number {
  return lowbias32((seed ^ 0x9e3779b9) >>> 0);
}

export function randomBits(key: number, counter: number): number {
  return lowbias32((lowbias32((counter ^ key) >>> 0) + key) >>> 0);
}

/** Uniform in [0, 1) with 24 random bits: exact in f32, so both backends agree bit for bit. */
export function uniformAt(key: number, counter: number): number {
  return (randomBits(key, counter) >>> 8) * 5.960464477539063e-8;
}

/** Standard normal by Box-Muller from counters 2i and 2i+1 (u1 in (0, 1] avoids log 0). */
export function normalAt(key: number, i: number): number {
  const u1 = ((randomBits(key, 2 * i) >>> 8) + 1) * 5.960464477539063e-8;
  const u2 = (randomBits(key, 2 * i + 1) >>> 8) * 5.960464477539063e-8;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(6.283185307179586 * u2);
}
