// WebGPU matmul (register-tiled kernel) against the float64 CPU backend on random normal inputs:
// odd shapes, every transpose combination, batch broadcasting (stride 0), the vec4 and scalar operand
// paths, every register tile of the CPU preset, and the public matmul / linear ops.
// Tolerance: |gpu - cpu| <= 1e-5 * sqrt(k) * (1 + |cpu|) per element (f32 accumulation of k products).
import { beforeAll, describe, expect, it } from 'vitest';
import type { GemmTile } from '@pad-gpu/kernels';
import { type Backend, type MatmulParams, type Tensor, type WebGpuBackend, cpuBackend, linear, matmul, tensor, webgpuBackend } from '../src/index.js';
import { GEMM_TUNING, chooseTile } from '../src/backend/webgpu/gemm-tiles.js';
import { matmulOp } from '../src/backend/webgpu/matmul.js';
import { type Pair, onBoth, releaseAll, upload } from './util/backend-pair.js';
import { allCloseReport } from './util/allclose.js';
import { Rng } from './util/rng.js';

let gpu: WebGpuBackend;
let pair: Pair;
beforeAll(async () => {
  gpu = await webgpuBackend();
  pair = { cpu: cpuBackend(), gpu };
});

const rng = new Rng(2024);
const normals = (n: number) => Float32Array.from(rng.normal(n));
const tol = (k: number) => 1e-5 * Math.sqrt(Math.max(k, 1));

/** Runs one product on both backends (webgpu optionally with a forced tile) and compares. */
async function check(p: MatmulParams, tile?: GemmTile): Promise<void> {
  const sizeA = p.strideA === 0 ? p.m * p.k : p.batch * p.strideA;
  const sizeB = p.strideB === 0 ? p.k * p.n : p.batch * p.strideB;
  const a = upload(pair, normals(sizeA));
  const b = upload(pair, normals(sizeB));
  const { cpu, gpu: g } = await onBoth(pair, [a, b], (be, [x, y]) => (be === gpu ? matmulOp(gpu, x, y, p, tile) : be.matmul(x, y, p)));
  releaseAll(a, b);
  const what = `matmul ${JSON.stringify(p)}${tile ? ` tile ${tile.tm}x${tile.tn}` : ''}`;
  expect(g.length, what).toBe(p.batch * p.m * p.n);
  expect(allCloseReport(g, cpu, { rtol: tol(p.k), atol: tol(p.k) }), what).toBeNull();
}

const params = (batch: number, m: number, n: number, k: number, transA = false, transB = false, broadcast = ''): MatmulParams => ({
  batch, m, n, k, transA, transB,
  strideA: broadcast.includes('A') ? 0 : m * k,
  strideB: broadcast.includes('B') ? 0 : k * n,
});

describe('webgpu matmul primitive', () => {
  // [batch, m, n, k]: ones, primes, classifier (m = 10) and first-conv (k = 27) shapes, and shapes
  // whose m, n, k are multiples of 4 (vec4 operand paths and vec4 stores).
  const shapes: [number, number, number, number][] = [
    [1, 1, 1, 1], [1, 10, 33, 27], [3, 17, 5, 9], [7, 33, 31, 12], [1, 64, 64, 64], [3, 40, 36, 20], [2, 5, 8, 33], [1, 3, 100, 7],
  ];
  it.each(shapes)('batch %i, %i x %i, k %i, all four transpose combinations', async (batch, m, n, k) => {
    for (const [ta, tb] of [[false, false], [false, true], [true, false], [true, true]]) await check(params(batch, m, n, k, ta, tb));
  });

  it('broadcasts one operand over the batch (stride 0), either side, transposed or not', async () => {
    await check(params(3, 12, 8, 16, false, false, 'A'));
    await check(params(5, 9, 7, 11, false, true, 'B'));
    await check(params(3, 8, 12, 16, true, false, 'B'));
    await check(params(4, 7, 5, 3, true, true, 'A'));
  });

  // Big tiles take llvmpipe 5-30 s each to compile cold (Mesa caches them on disk afterwards), so
  // they run one kernel variant (vec4 operands, the one big products use); small tiles run two.
  it('gives the same products with every register tile of both presets, edge tiles included', async () => {
    for (const tile of [...GEMM_TUNING.cpuAdapter.tiles, ...GEMM_TUNING.gpuAdapter.tiles]) {
      await check(params(2, 37, 44, 24), tile);
      if (tile.tm * tile.tn <= 256) await check(params(1, 36, 41, 13, true, true), tile);
    }
  });

  it('returns zeros for k = 0 and an empty result for m = 0', async () => {
    const a = gpu.fromData([], 'f32');
    const out = gpu.matmul(a, a, params(2, 3, 4, 0));
    expect(Array.from(await gpu.read(out))).toEqual(new Array(24).fill(0));
    const empty = gpu.matmul(a, a, params(1, 0, 4, 0));
    expect(empty.size).toBe(0);
    releaseAll([a, out]);
    empty.release();
  });
});

describe('tile choice', () => {
  const t = GEMM_TUNING.cpuAdapter;
  it('keeps the biggest tile for big products and picks small tiles for small ones', () => {
    expect(chooseTile(t, 1024, 1024)).toMatchObject({ tm: 32, tn: 32 });
    // A 10-class classifier on batch 256: no 32-wide tile over 10 columns.
    expect(chooseTile(t, 256, 10).tn).toBeLessThanOrEqual(16);
    // Batch-1 layers: a 4x4 output wants a 4x4 tile.
    expect(chooseTile(t, 4, 4)).toMatchObject({ tm: 4, tn: 4 });
    // Many tiny products in a batch fill the lanes by themselves.
    expect(chooseTile(t, 8, 8, 1000)).toMatchObject({ tm: 8, tn: 8 });
  });
});

describe('public matmul and linear on webgpu', () => {
  /** The same expression on both backends; returns both results (shapes must agree). */
  async function both(fn: (backend: Backend) => Tensor) {
    const g = fn(gpu);
    const c = fn(pair.cpu);
    expect(g.shape).toEqual(c.shape);
    return { g: await g.data(), c: await c.data() };
  }

  it('matmul broadcasts batch dimensions and honours transposes', async () => {
    const av = normals(2 * 3 * 5 * 7);
    const bv = normals(7 * 4);
    const { g, c } = await both((backend) => matmul(tensor(av, [2, 3, 5, 7], { backend }), tensor(bv, [7, 4], { backend })));
    expect(allCloseReport(g, c, { rtol: tol(7), atol: tol(7) })).toBeNull();
    const { g: g2, c: c2 } = await both((backend) => matmul(tensor(av, [6, 7, 5], { backend }), tensor(bv, [4, 7], { backend }), true, true));
    expect(allCloseReport(g2, c2, { rtol: tol(7), atol: tol(7) })).toBeNull();
  });

  it('linear(x, w, b) = x wᵀ + b', async () => {
    const xv = normals(9 * 20);
    const wv = normals(10 * 20);
    const bv = normals(10);
    const { g, c } = await both((backend) => linear(tensor(xv, [9, 20], { backend }), tensor(wv, [10, 20], { backend }), tensor(bv, [10], { backend })));
    expect(allCloseReport(g, c, { rtol: tol(20), atol: tol(20) })).toBeNull();
  });
});
