import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  applyZca, covariance, DATASET_STATS, fitZca, makeDataset, preprocessPair, undoPreprocessing, unapplyZca, zcaFromCovariance,
  zcaFromTensors, zcaToTensors,
} from '../src/index.js';
import { loadOrFitZca, saveSafetensors } from '../src/node.js';
import { tempDir } from './fixtures/data/generate.js';
import { Rng } from './util/rng.js';
import { torchPython } from './util/torch-python.js';

/** Correlated samples in [0, 1]: a few smooth "images" mixed randomly plus noise. */
function samples(rng: Rng, n: number, d: number): Float32Array {
  const basis = [0, 1, 2].map((k) => Float64Array.from({ length: d }, (_, j) => Math.sin((k + 1) * j * 0.3)));
  const x = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    const w = rng.normal(3, 0.15);
    const noise = rng.uniform(d, -0.05, 0.05);
    for (let j = 0; j < d; j++) x[r * d + j] = 0.5 + w[0] * basis[0][j] + w[1] * basis[1][j] + w[2] * basis[2][j] + noise[j];
  }
  return x;
}

function matmul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) c[i * n + j] += a[i * n + k] * b[k * n + j];
  return c;
}

function inverse(a: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a), inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) p = r;
    for (const x of [m, inv]) for (let j = 0; j < n; j++) [x[c * n + j], x[p * n + j]] = [x[p * n + j], x[c * n + j]];
    const d = m[c * n + c];
    for (const x of [m, inv]) for (let j = 0; j < n; j++) x[c * n + j] /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r * n + c];
      for (const x of [m, inv]) for (let j = 0; j < n; j++) x[r * n + j] -= f * x[c * n + j];
    }
  }
  return inv;
}

/** (Σ + eps·I)^(-1/2) by the Denman–Beavers iteration: no eigendecomposition involved. */
function inverseSqrt(cov: Float64Array, n: number, eps: number): Float64Array {
  let y = Float64Array.from(cov);
  for (let i = 0; i < n; i++) y[i * n + i] += eps;
  let z = new Float64Array(n * n);
  for (let i = 0; i < n; i++) z[i * n + i] = 1;
  for (let it = 0; it < 60; it++) {
    const yi = inverse(y, n), zi = inverse(z, n);
    y = y.map((v, k) => (v + zi[k]) / 2);
    z = z.map((v, k) => (v + yi[k]) / 2);
  }
  return z;
}

describe('ZCA whitening', () => {
  const rng = new Rng(21);
  const n = 150, d = 2 * 3 * 3;
  const train = samples(rng, n, d);

  it('computes the unbiased covariance (N - 1), as kornia does by default', () => {
    const { mean, cov } = covariance(train, n, d);
    for (const [i, j] of [[0, 0], [3, 7], [17, 2]]) {
      let s = 0;
      for (let r = 0; r < n; r++) s += (train[r * d + i] - mean[i]) * (train[r * d + j] - mean[j]);
      expect(cov[i * d + j]).toBeCloseTo(s / (n - 1), 12);
      expect(cov[j * d + i]).toBe(cov[i * d + j]);
    }
    expect(() => covariance(train.subarray(0, d), 1, d)).toThrow('ZCA: need at least 2 samples to estimate a covariance, got 1');
  });

  it('matches (Σ + eps·I)^(-1/2) computed without an eigendecomposition', () => {
    const t = fitZca(train, n, d, { eps: 0.1 });
    const { cov } = covariance(train, n, d);
    const direct = inverseSqrt(cov, d, 0.1);
    t.matrix.forEach((v, k) => expect(v).toBeCloseTo(direct[k], 9));
    // and the inverse transform is its matrix inverse
    const prod = matmul(t.matrix, t.inverse!, d);
    prod.forEach((v, k) => expect(v).toBeCloseTo(k % (d + 1) === 0 ? 1 : 0, 9));
  });

  it('whitens: the covariance of the output is Σ(Σ + eps)^-1, close to I as eps goes to 0', () => {
    for (const eps of [0.1, 1e-10]) {
      const t = fitZca(train, n, d, { eps, inverse: false });
      const white = applyZca(t, train);
      const { mean: m2, cov: c2 } = covariance(white, n, d);
      m2.forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-5));
      const { cov } = covariance(train, n, d);
      const reg = Float64Array.from(cov);
      for (let i = 0; i < d; i++) reg[i * d + i] += eps;
      const predicted = matmul(cov, inverse(reg, d), d);
      c2.forEach((v, k) => expect(Math.abs(v - predicted[k])).toBeLessThan(eps === 0.1 ? 1e-5 : 2e-3));
      if (eps < 1e-6) c2.forEach((v, k) => expect(Math.abs(v - (k % (d + 1) === 0 ? 1 : 0))).toBeLessThan(2e-3));
    }
  });

  it('applies (x - μ)·T to any images and undoes it', () => {
    const t = fitZca(train, n, d);
    const test = samples(new Rng(4), 7, d);
    const white = applyZca(t, test);
    for (const r of [0, 6]) for (const j of [0, 11]) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (test[r * d + k] - t.mean[k]) * t.matrix[k * d + j];
      expect(white[r * d + j]).toBeCloseTo(s, 5);
    }
    unapplyZca(t, white).forEach((v, k) => expect(v).toBeCloseTo(test[k], 5));
    expect(() => unapplyZca(fitZca(train, n, d, { inverse: false }), white)).toThrow(/fitted without its inverse/);
    expect(() => applyZca(t, new Float32Array(d + 1))).toThrow(`ZCA: ${d + 1} values is not a whole number of ${d}-value images`);
  });

  it('uses |λ| for the rounding-level negative eigenvalues of a rank-deficient covariance (as an SVD would)', () => {
    const few = samples(new Rng(6), 5, d);
    const { mean, cov } = covariance(few, 5, d);
    const t = zcaFromCovariance(mean, cov, { eps: 0.1 });
    t.matrix.forEach((v) => expect(Number.isFinite(v)).toBe(true));
    // Directions outside the samples' span are scaled by exactly 1/sqrt(eps).
    const white = applyZca(t, few);
    const { cov: c2 } = covariance(white, 5, d);
    let trace = 0;
    for (let i = 0; i < d; i++) trace += c2[i * d + i];
    expect(trace).toBeLessThan(4 + 1e-6); // at most rank 4 directions, each with variance s/(s+eps) < 1
  });
});

describe('preprocessPair', () => {
  const rng = new Rng(2);
  const mk = (n: number, c: number, s: number, name: string) => makeDataset({
    name, images: Float32Array.from(rng.uniform(n * c * s * s)), labels: new Int32Array(n), n, channels: c, height: s, width: s, numClasses: 10,
  });

  it('CIFAR: ZCA fitted on train, applied to both, no mean/std', () => {
    const train = mk(40, 3, 3, 'c/train'), test = mk(6, 3, 3, 'c/test');
    const { train: a, test: b, preprocessing } = preprocessPair('cifar10', train, test);
    expect(preprocessing.kind).toBe('zca');
    if (preprocessing.kind !== 'zca') return;
    expect(preprocessing.zca.eps).toBe(0.1);
    expect(Array.from(a.images)).toEqual(Array.from(applyZca(fitZca(train.images, 40, 27), train.images)));
    expect(Array.from(b.images)).toEqual(Array.from(applyZca(preprocessing.zca, test.images)));
    undoPreprocessing(preprocessing, b.images, 3, 9).forEach((v, k) => expect(v).toBeCloseTo(test.images[k], 5));
  });

  it('Fashion-MNIST: the reference constants by default, ZCA on request, measured stats on request', () => {
    const train = mk(20, 1, 4, 'f/train'), test = mk(3, 1, 4, 'f/test');
    const { test: b, preprocessing } = preprocessPair('fashion-mnist', train, test);
    expect(preprocessing).toEqual({ kind: 'meanstd', stats: DATASET_STATS['fashion-mnist'] });
    expect(b.images[5]).toBeCloseTo((test.images[5] - 0.2861) / 0.353, 6);
    undoPreprocessing(preprocessing, b.images, 1, 16).forEach((v, k) => expect(v).toBeCloseTo(test.images[k], 6));
    expect(preprocessPair('fashion-mnist', train, test, { zca: true }).preprocessing.kind).toBe('zca');
    const measured = preprocessPair('fashion-mnist', train, test, { stats: 'computed' });
    let s = 0;
    for (const v of measured.train.images) s += v;
    expect(Math.abs(s / measured.train.images.length)).toBeLessThan(1e-6);
  });
});

describe('ZCA cache', () => {
  it('fits once, then reuses the file only for the same images and eps', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const d = 12, n = 30;
      const images = samples(new Rng(8), n, d);
      const file = path.join(dir, 'zca.safetensors');
      let fits = 0;
      const onFit = () => { fits++; };
      const first = await loadOrFitZca(file, images, n, d, { onFit });
      const second = await loadOrFitZca(file, images, n, d, { onFit });
      expect([first.cached, second.cached, fits]).toEqual([false, true, 1]);
      expect(Array.from(second.zca.matrix)).toEqual(Array.from(first.zca.matrix));
      expect(Array.from(second.zca.inverse!)).toEqual(Array.from(first.zca.inverse!));
      const changed = images.slice();
      changed[5] += 0.25;
      expect((await loadOrFitZca(file, changed, n, d, { onFit })).cached).toBe(false);
      expect((await loadOrFitZca(file, changed, n, d, { onFit, eps: 0.2 })).cached).toBe(false);
      expect(fits).toBe(3);
    } finally {
      await cleanup();
    }
  });

  it('names what is wrong with a stored transform', () => {
    const t = fitZca(samples(new Rng(1), 10, 4), 10, 4);
    const tensors = zcaToTensors(t);
    expect(zcaFromTensors(tensors, 'z').eps).toBe(0.1);
    const { ['zca.matrix']: _m, ...noMatrix } = tensors;
    expect(() => zcaFromTensors(noMatrix, 'z.st')).toThrow('z.st: no tensor zca.matrix (not a ZCA transform?)');
    expect(() => zcaFromTensors({ ...tensors, 'zca.mean': { dtype: 'F32', shape: [4], data: new Float32Array(4) } }, 'z.st')).toThrow('z.st: zca.mean must be F64 of rank 1, got F32 [4]');
  });
});

// The reference formula in PyTorch (what kornia's zca_mean computes, in float64): torch.svd of the
// unbiased covariance, T = U·rsqrt(S + eps)·Uᵀ. Debian's python3-torch provides it (PLATFORM.md).
describe('ZCA against the reference formula in PyTorch', () => {
  it('gives the same T and inverse as torch.svd', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const n = 120, d = 3 * 3 * 3;
      const x = samples(new Rng(13), n, d);
      const t = fitZca(x, n, d);
      const file = path.join(dir, 'zca.safetensors');
      await saveSafetensors(file, {
        x: { dtype: 'F32', shape: [n, d], data: x }, T: { dtype: 'F64', shape: [d, d], data: t.matrix }, Tinv: { dtype: 'F64', shape: [d, d], data: t.inverse! },
      });
      const code = [
        'import sys, torch', `sys.path.insert(0, ${JSON.stringify(fileURLToPath(new URL('../../../scripts/', import.meta.url)))})`,
        'from load_safetensors_torch import load_safetensors', `t, _ = load_safetensors(${JSON.stringify(file)})`,
        'x = t["x"].double(); c = x - x.mean(0, keepdim=True); cov = c.t().mm(c) / (x.shape[0] - 1)',
        'U, S, _ = torch.svd(cov); S = S.reshape(-1, 1)',
        'print((U.mm(torch.rsqrt(S + 0.1) * U.t()) - t["T"]).abs().max().item(), (U.mm(torch.sqrt(S + 0.1) * U.t()) - t["Tinv"]).abs().max().item())',
      ].join('\n');
      const [dT, dInv] = execFileSync(torchPython(), ['-c', code], { encoding: 'utf8' }).trim().split(' ').map(Number);
      expect(dT).toBeLessThan(1e-10);
      expect(dInv).toBeLessThan(1e-10);
    } finally {
      await cleanup();
    }
  });
});
