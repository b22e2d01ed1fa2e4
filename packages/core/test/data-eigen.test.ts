import { describe, expect, it } from 'vitest';
import { symmetricEigen } from '../src/index.js';
import { dotRowsInto } from '../src/data/dense.js';
import { Rng } from './util/rng.js';

function randomSymmetric(rng: Rng, n: number): Float64Array {
  const a = rng.normal(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
  return a;
}

/** Q·diag(values)·Qᵀ with Q the eigenvectors of a random symmetric matrix (an orthogonal matrix). */
function withSpectrum(rng: Rng, values: number[]): Float64Array {
  const n = values.length;
  const q = symmetricEigen(randomSymmetric(rng, n), n).vectors;
  const a = new Float64Array(n * n);
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] += values[k] * q[k * n + i] * q[k * n + j];
  return a;
}

/** max |A·v_i - λ_i·v_i| and max |V·Vᵀ - I| relative to the matrix norm. */
function check(a: Float64Array, n: number) {
  const { values, vectors } = symmetricEigen(a, n);
  let norm = 0;
  for (const v of a) norm = Math.max(norm, Math.abs(v));
  let resid = 0, orth = 0;
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let c = 0; c < n; c++) s += a[r * n + c] * vectors[i * n + c];
      resid = Math.max(resid, Math.abs(s - values[i] * vectors[i * n + r]));
    }
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let c = 0; c < n; c++) s += vectors[i * n + c] * vectors[j * n + c];
      orth = Math.max(orth, Math.abs(s - (i === j ? 1 : 0)));
    }
  }
  for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
  return { values, resid: resid / Math.max(norm, 1e-300), orth };
}

describe('symmetricEigen', () => {
  it('decomposes random symmetric matrices of awkward sizes', () => {
    const rng = new Rng(11);
    for (const n of [1, 2, 3, 5, 37, 130]) {
      const { resid, orth } = check(randomSymmetric(rng, n), n);
      expect(resid, `n=${n}`).toBeLessThan(1e-12);
      expect(orth, `n=${n}`).toBeLessThan(1e-12);
    }
  });

  it('recovers a known spectrum with repeated and zero eigenvalues', () => {
    const spectrum = [0, 0, 0, 1, 1, 1, 1, 2.5, 7, 7, -3, 1e-9, 50, 0.1, 0.1];
    const { values, resid, orth } = check(withSpectrum(new Rng(5), spectrum), spectrum.length);
    const want = [...spectrum].sort((x, y) => x - y);
    values.forEach((v, i) => expect(v).toBeCloseTo(want[i], 10));
    expect(resid).toBeLessThan(1e-12);
    expect(orth).toBeLessThan(1e-12);
  });

  it('handles rank-deficient covariances, diagonal and zero matrices', () => {
    const rng = new Rng(3);
    const n = 60, rows = 8;
    const x = rng.normal(rows * n);
    const cov = new Float64Array(n * n);
    for (let r = 0; r < rows; r++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cov[i * n + j] += x[r * n + i] * x[r * n + j];
    const low = check(cov, n);
    expect(low.resid).toBeLessThan(1e-12);
    expect(low.orth).toBeLessThan(1e-12);
    expect(low.values.filter((v) => Math.abs(v) > 1e-9).length).toBe(rows);
    const diag = new Float64Array(16);
    [4, -1, 4, 2].forEach((v, i) => { diag[i * 4 + i] = v; });
    expect(Array.from(check(diag, 4).values)).toEqual([-1, 2, 4, 4]);
    const zero = check(new Float64Array(9), 3);
    expect(Array.from(zero.values)).toEqual([0, 0, 0]);
    expect(zero.orth).toBeLessThan(1e-15);
  });

  it('stays exact across the rotation queue flush (over 65,536 rotations)', () => {
    const { resid, orth } = check(randomSymmetric(new Rng(8), 400), 400);
    expect(resid).toBeLessThan(1e-12);
    expect(orth).toBeLessThan(1e-12);
  });
});

describe('dotRowsInto', () => {
  it('matches naive dot products over odd tiles, long rows, and the lower triangle', () => {
    const rng = new Rng(9);
    const len = 700, aRows = 7, bRows = 67;
    const a = rng.normal(aRows * len), b = rng.normal(bRows * len);
    const out = new Float64Array(aRows * bRows).fill(1);
    dotRowsInto(a, aRows, b, bRows, len, out, bRows);
    for (let i = 0; i < aRows; i++) for (let j = 0; j < bRows; j++) {
      let s = 1;
      for (let t = 0; t < len; t++) s += a[i * len + t] * b[j * len + t];
      expect(out[i * bRows + j]).toBeCloseTo(s, 9);
    }
    const m = 69;
    const g = rng.normal(m * len);
    const lower = new Float64Array(m * m).fill(NaN);
    for (let i = 0; i < m; i++) for (let j = 0; j <= i; j++) lower[i * m + j] = 0;
    dotRowsInto(g, m, g, m, len, lower, m, { lowerOnly: true });
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
      if (j > i) { expect(lower[i * m + j]).toBeNaN(); continue; }
      let s = 0;
      for (let t = 0; t < len; t++) s += g[i * len + t] * g[j * len + t];
      expect(lower[i * m + j]).toBeCloseTo(s, 9);
    }
  });
});
