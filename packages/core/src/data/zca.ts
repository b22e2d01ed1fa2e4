/**
 * ZCA whitening with the reference's semantics (MTT/DATM/PAD call kornia's
 * `ZCAWhitening(eps=0.1, compute_inv=True).fit(train)` and whiten train and test with it):
 *   mean μ and unbiased covariance Σ = XcᵀXc/(N-1) of the flattened (C·H·W, CHW order) training images,
 *   Σ = U·diag(s)·Uᵀ, T = U·diag(1/√(s+eps))·Uᵀ, whitened x = (x - μ)·T;
 *   the inverse (used to show whitened images) is x·U·diag(√(s+eps))·Uᵀ + μ.
 * kornia takes U and s from an SVD of Σ; for a symmetric positive semi-definite matrix that is the
 * eigendecomposition with s = |λ| (rounding can leave tiny negative λ), which is what is used here.
 * All arithmetic is float64; images stay float32.
 */
import { dotRowsInto, symmetrizeFromLower, transposeInto } from './dense.js';
import { symmetricEigen } from './eigen.js';

export interface ZcaTransform {
  /** Flattened image size D = C·H·W. */
  readonly dim: number;
  readonly eps: number;
  /** μ [D]. */
  readonly mean: Float64Array;
  /** T [D, D] (symmetric, row-major). */
  readonly matrix: Float64Array;
  /** U·diag(√(s+eps))·Uᵀ [D, D], when fitted with `inverse` (the default, as in the reference). */
  readonly inverse?: Float64Array;
}

export interface ZcaOptions {
  /** Regularisation added to the eigenvalues; the reference uses 0.1. */
  eps?: number;
  /** Also compute the inverse transform (another D³/2 multiply-adds). Default true. */
  inverse?: boolean;
}

/** Samples per chunk when transposing images for the covariance (keeps the transposed copy small). */
const CHUNK = 256;

/** Mean and unbiased covariance of n flattened samples of `dim` values each. */
export function covariance(images: Float32Array, n: number, dim: number): { mean: Float64Array; cov: Float64Array } {
  if (n < 2) throw new Error(`ZCA: need at least 2 samples to estimate a covariance, got ${n}`);
  if (images.length !== n * dim) throw new Error(`ZCA: expected ${n}x${dim} = ${n * dim} values, got ${images.length}`);
  const mean = new Float64Array(dim);
  for (let r = 0; r < n; r++) for (let j = 0, o = r * dim; j < dim; j++) mean[j] += images[o + j];
  for (let j = 0; j < dim; j++) mean[j] /= n;
  const cov = new Float64Array(dim * dim);
  const centred = new Float64Array(CHUNK * dim);
  const t = new Float64Array(CHUNK * dim);
  for (let r0 = 0; r0 < n; r0 += CHUNK) {
    const rows = Math.min(CHUNK, n - r0);
    for (let r = 0; r < rows; r++) {
      const o = (r0 + r) * dim;
      for (let j = 0; j < dim; j++) centred[r * dim + j] = images[o + j] - mean[j];
    }
    transposeInto(centred, 0, rows, dim, t);
    dotRowsInto(t, dim, t, dim, rows, cov, dim, { lowerOnly: true });
  }
  for (let i = 0; i < cov.length; i++) cov[i] /= n - 1;
  symmetrizeFromLower(cov, dim);
  return { mean, cov };
}

/** Fits ZCA to n training images of `dim` values each (float32, flattened CHW). */
export function fitZca(images: Float32Array, n: number, dim: number, opts: ZcaOptions = {}): ZcaTransform {
  const { mean, cov } = covariance(images, n, dim);
  return zcaFromCovariance(mean, cov, opts);
}

/** The transform from a precomputed mean and covariance (e.g. a covariance accumulated on the GPU). */
export function zcaFromCovariance(mean: Float64Array, cov: Float64Array, opts: ZcaOptions = {}): ZcaTransform {
  const eps = opts.eps ?? 0.1;
  const dim = mean.length;
  if (!(eps >= 0)) throw new Error(`ZCA: eps must be >= 0, got ${eps}`);
  if (cov.length !== dim * dim) throw new Error(`ZCA: covariance must be ${dim}x${dim}, got ${cov.length} values`);
  const { values, vectors } = symmetricEigen(cov, dim);
  const s = values.map((v) => Math.abs(v) + eps);
  if (s.some((v) => v === 0)) throw new Error('ZCA: the covariance is singular and eps is 0; use eps > 0');
  const matrix = spectralFunction(vectors, s, dim, -0.5);
  const inverse = (opts.inverse ?? true) ? spectralFunction(vectors, s, dim, 0.5) : undefined;
  return { dim, eps, mean, matrix, inverse };
}

/** U·diag(s^power)·Uᵀ from unit eigenvectors stored as rows: the Gram matrix of the columns of diag(s^(power/2))·Uᵀ. */
function spectralFunction(vectors: Float64Array, s: Float64Array, dim: number, power: number): Float64Array {
  const scaled = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    const f = Math.pow(s[i], power / 2);
    for (let j = 0; j < dim; j++) scaled[i * dim + j] = vectors[i * dim + j] * f;
  }
  const columns = new Float64Array(dim * dim);
  transposeInto(scaled, 0, dim, dim, columns);
  const out = new Float64Array(dim * dim);
  dotRowsInto(columns, dim, columns, dim, dim, out, dim, { lowerOnly: true });
  symmetrizeFromLower(out, dim);
  return out;
}

/** (x - μ)·T for every image: the whitened copy (float32). */
export function applyZca(t: ZcaTransform, images: Float32Array): Float32Array {
  return transformRows(images, t.dim, t.mean, t.matrix, null);
}

/** x·T⁻¹ + μ: undoes `applyZca` (needs a transform fitted with `inverse`). */
export function unapplyZca(t: ZcaTransform, images: Float32Array): Float32Array {
  if (!t.inverse) throw new Error('ZCA: this transform was fitted without its inverse (fit with { inverse: true })');
  return transformRows(images, t.dim, null, t.inverse, t.mean);
}

/** out = (x - before)·M + after, row by row; M is symmetric, so its rows are its columns. */
function transformRows(
  images: Float32Array, dim: number, before: Float64Array | null, m: Float64Array, after: Float64Array | null,
): Float32Array {
  if (images.length % dim !== 0) throw new Error(`ZCA: ${images.length} values is not a whole number of ${dim}-value images`);
  const n = images.length / dim;
  const out = new Float32Array(images.length);
  const rowsPer = 64;
  const x = new Float64Array(rowsPer * dim);
  const y = new Float64Array(rowsPer * dim);
  for (let r0 = 0; r0 < n; r0 += rowsPer) {
    const rows = Math.min(rowsPer, n - r0);
    for (let i = 0; i < rows * dim; i++) x[i] = images[r0 * dim + i] - (before ? before[i % dim] : 0);
    y.fill(0);
    dotRowsInto(x, rows, m, dim, dim, y, dim);
    for (let i = 0; i < rows * dim; i++) out[r0 * dim + i] = y[i] + (after ? after[i % dim] : 0);
  }
  return out;
}
