// WebGPU conv2d trio (implicit GEMMs on the tiled-matmul core) against the float64 CPU backend on
// random normal inputs: batch 1/3/7, channels 1/3/5 and wider, sizes 1 to 33, stride 1 and 2, padding
// 0 to 3, asymmetric padding (a larger outH/outW), non-square kernels, the vec4 and scalar store
// paths, dY read in place or channels-last, the col2im input gradient (few input channels) and the
// implicit one; the adjoint identities <conv(x,w), y> = <x, convT(y,w)> = <w, wgrad(x,y)> on both
// backends; and the public conv2d (with bias) and convTranspose2d ops.
// Tolerance: |gpu - cpu| <= 1e-5 * sqrt(k) * (1 + |cpu|), k the length of each output's sum.
import { beforeAll, describe, expect, it } from 'vitest';
import type { GemmTile } from '@pad-gpu/kernels';
import { type Backend, type Conv2dParams, type Storage, type Tensor, type WebGpuBackend, conv2d, convTranspose2d, cpuBackend, tensor, webgpuBackend } from '../src/index.js';
import { conv2dInputGradOp, conv2dOp, conv2dWeightGradOp } from '../src/backend/webgpu/conv.js';
import { GEMM_TUNING } from '../src/backend/webgpu/gemm-tiles.js';
import { type Pair, onBoth, releaseAll, upload } from './util/backend-pair.js';
import { allCloseReport } from './util/allclose.js';
import { Rng } from './util/rng.js';

let gpu: WebGpuBackend;
let pair: Pair;
beforeAll(async () => {
  gpu = await webgpuBackend();
  pair = { cpu: cpuBackend(), gpu };
});

const rng = new Rng(4242);
const normals = (n: number) => Float32Array.from(rng.normal(n));
const tol = (k: number) => 1e-5 * Math.sqrt(Math.max(k, 1));

/** [n, cIn, h, w, cOut, kh, kw, stride, pad, extra rows, extra cols]: extra output rows/cols are
 *  asymmetric padding (that much more at the bottom/right, times the stride). */
type Geometry = [number, number, number, number, number, number, number, number, number, number, number];

function geometry([n, cIn, h, w, cOut, kh, kw, s, pad, eh, ew]: Geometry): Conv2dParams {
  const outH = Math.floor((h + 2 * pad - kh) / s) + 1 + eh;
  const outW = Math.floor((w + 2 * pad - kw) / s) + 1 + ew;
  return { n, cIn, h, w, cOut, kh, kw, strideH: s, strideW: s, padH: pad, padW: pad, outH, outW };
}

const GEOMETRIES: Geometry[] = [
  [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0], // everything 1
  [3, 3, 9, 7, 5, 3, 3, 1, 1, 0, 0], // RGB input: col2im input gradient
  [7, 5, 11, 8, 6, 3, 3, 2, 2, 1, 0], // stride 2, padding 2, one more row at the bottom
  [1, 9, 33, 33, 4, 3, 3, 2, 0, 0, 1], // size 33, no padding, one more column at the right
  [3, 12, 16, 16, 8, 3, 3, 1, 1, 0, 0], // planes % 4 == 0: vec4 stores, dY read in place
  [2, 1, 5, 6, 3, 2, 3, 1, 3, 0, 0], // 2x3 kernel, padding 3 (taps fully outside)
  [1, 5, 13, 4, 9, 5, 1, 2, 1, 2, 0], // 5x1 kernel, stride 2, two more rows
  [3, 8, 6, 8, 5, 1, 1, 1, 0, 0, 0], // 1x1 kernel
];

type Kind = 'conv2d' | 'inputGrad' | 'weightGrad';

/** Output length of each result's sum, for the tolerance. */
function depth(kind: Kind, p: Conv2dParams): number {
  return kind === 'conv2d' ? p.cIn * p.kh * p.kw : kind === 'inputGrad' ? p.cOut * p.kh * p.kw : p.n * p.outH * p.outW;
}

function run(be: Backend, kind: Kind, a: Storage, b: Storage, p: Conv2dParams, tile?: GemmTile): Storage {
  if (be === gpu && tile) {
    if (kind === 'conv2d') return conv2dOp(gpu, a, b, p, tile);
    if (kind === 'inputGrad') return conv2dInputGradOp(gpu, a, b, p, tile);
    return conv2dWeightGradOp(gpu, a, b, p, tile);
  }
  if (kind === 'conv2d') return be.conv2d(a, b, p);
  if (kind === 'inputGrad') return be.conv2dInputGrad(a, b, p);
  return be.conv2dWeightGrad(a, b, p);
}

/** Random x, w, dy for p, checked for all three kernels (optionally on a forced tile). */
async function checkTrio(p: Conv2dParams, kinds: readonly Kind[] = ['conv2d', 'inputGrad', 'weightGrad'], tile?: GemmTile): Promise<void> {
  const x = upload(pair, normals(p.n * p.cIn * p.h * p.w));
  const w = upload(pair, normals(p.cOut * p.cIn * p.kh * p.kw));
  const dy = upload(pair, normals(p.n * p.cOut * p.outH * p.outW));
  const inputs: Record<Kind, [Storage, Storage][]> = { conv2d: [x, w], inputGrad: [dy, w], weightGrad: [x, dy] };
  for (const kind of kinds) {
    const { cpu, gpu: g } = await onBoth(pair, inputs[kind], (be, [a, b]) => run(be, kind, a, b, p, tile));
    const what = `${kind} ${JSON.stringify(p)}${tile ? ` tile ${tile.tm}x${tile.tn}` : ''}`;
    expect(g.length, what).toBe(cpu.length);
    expect(allCloseReport(g, cpu, { rtol: tol(depth(kind, p)), atol: tol(depth(kind, p)) }), what).toBeNull();
  }
  releaseAll(x, w, dy);
}

describe('webgpu conv2d, input gradient and weight gradient primitives', () => {
  it.each(GEOMETRIES.map((g) => [g.join(' '), g] as const))('[n cIn h w cOut kh kw stride pad +rows +cols] = [%s]', async (_, g) => {
    await checkTrio(geometry(g));
  });

  it('the implicit input gradient (wide input) and the col2im one (RGB input) agree with the cpu at stride 2', async () => {
    await checkTrio(geometry([2, 16, 10, 9, 6, 3, 3, 2, 1, 1, 1]), ['inputGrad']);
    await checkTrio(geometry([2, 3, 10, 9, 6, 3, 3, 2, 1, 1, 1]), ['inputGrad']);
  });

  // Big tiles take llvmpipe 10-30 s each to compile cold (cached on disk afterwards): the 32x32 tile
  // runs for the forward kernel only, the small tiles (both presets: the GPU one has 64-lane
  // workgroups) for all three.
  it('gives the same results with forced register tiles, edge tiles included', async () => {
    const p = geometry([3, 7, 13, 12, 37, 3, 3, 1, 1, 0, 0]);
    for (const tile of [...GEMM_TUNING.cpuAdapter.tiles, ...GEMM_TUNING.gpuAdapter.tiles]) {
      if (tile.tm * tile.tn <= 256) await checkTrio(p, ['conv2d', 'inputGrad', 'weightGrad'], tile);
    }
    await checkTrio(p, ['conv2d'], GEMM_TUNING.cpuAdapter.tiles[0]);
  });
});

describe('adjoint identities <conv(x,w), y> = <x, convT(y,w)> = <w, wgrad(x,y)>', () => {
  const cases: Geometry[] = [
    [2, 3, 9, 7, 4, 3, 3, 2, 1, 1, 0],
    [1, 10, 12, 12, 5, 3, 2, 2, 2, 0, 1],
    [3, 4, 8, 8, 8, 3, 3, 1, 1, 0, 0],
  ];
  const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    let s = 0;
    let m = 0;
    for (let i = 0; i < a.length; i++) {
      s += a[i] * b[i];
      m += Math.abs(a[i] * b[i]);
    }
    return { s, m };
  };

  it.each(cases.map((g) => [g.join(' '), g] as const))('hold on both backends for [%s]', async (_, g) => {
    const p = geometry(g);
    const xv = normals(p.n * p.cIn * p.h * p.w);
    const wv = normals(p.cOut * p.cIn * p.kh * p.kw);
    const yv = normals(p.n * p.cOut * p.outH * p.outW);
    for (const [be, rel] of [[pair.cpu, 1e-12], [gpu, 2e-5]] as const) {
      const [x, w, y] = [xv, wv, yv].map((v) => be.fromData(v, 'f32'));
      const outs = [be.conv2d(x, w, p), be.conv2dInputGrad(y, w, p), be.conv2dWeightGrad(x, y, p)];
      const [cy, cx, cw] = await Promise.all(outs.map((o) => be.read(o)));
      const a = dot(cy, yv);
      const b = dot(xv, cx);
      const c = dot(wv, cw);
      const scale = Math.max(a.m, b.m, c.m);
      expect(Math.abs(a.s - b.s), `${be.name} <conv, y> vs <x, convT>`).toBeLessThanOrEqual(rel * scale);
      expect(Math.abs(a.s - c.s), `${be.name} <conv, y> vs <w, wgrad>`).toBeLessThanOrEqual(rel * scale);
      for (const s of [x, w, y, ...outs]) s.release();
    }
  });
});

describe('public conv2d and convTranspose2d on webgpu', () => {
  async function both(fn: (backend: Backend) => Tensor) {
    const g = fn(gpu);
    const c = fn(pair.cpu);
    expect(g.shape).toEqual(c.shape);
    return { g: await g.data(), c: await c.data() };
  }

  it('conv2d with bias, stride 2 and asymmetric padding [top, bottom, left, right]', async () => {
    const xv = normals(3 * 5 * 11 * 10);
    const wv = normals(7 * 5 * 3 * 3);
    const bv = normals(7);
    const { g, c } = await both((backend) =>
      conv2d(tensor(xv, [3, 5, 11, 10], { backend }), tensor(wv, [7, 5, 3, 3], { backend }), tensor(bv, [7], { backend }), { stride: 2, padding: [1, 2, 0, 3] }),
    );
    expect(allCloseReport(g, c, { rtol: tol(45), atol: tol(45) })).toBeNull();
  });

  it('convTranspose2d with stride 2, padding 1 and output padding 1', async () => {
    const xv = normals(2 * 6 * 5 * 4);
    const wv = normals(6 * 3 * 3 * 3);
    const { g, c } = await both((backend) =>
      convTranspose2d(tensor(xv, [2, 6, 5, 4], { backend }), tensor(wv, [6, 3, 3, 3], { backend }), { stride: 2, padding: 1, outputPadding: 1 }),
    );
    expect(allCloseReport(g, c, { rtol: tol(54), atol: tol(54) })).toBeNull();
  });
});
