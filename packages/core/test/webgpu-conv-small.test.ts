// The short-reduction convolution kernels (conv-small.ts, conv2d-small*.wgsl: cIn * kh * kw <= 27,
// or <= 75 with at most 3 input channels)
// against the float64 CPU backend on random normal inputs, through the backend's routing (conv.ts)
// and with both tuning presets: cIn 1, 2, 3; sizes 1x1, 7x9, 28x28 with padding 3 (Fashion-MNIST's
// first layer), 32x32 with padding 1 (CIFAR's); 1x1, 2x3, 3x3 and 5x5 kernels; strides 1 and 2; asymmetric padding (more output
// rows/columns at the bottom/right, different top/left paddings); batch 1, 3 and 300 (the weight
// gradient then sums many image chunks); cOut 1, 5, 32, 128; vec4 and scalar output/dY layouts
// (out_w % 4 == 0 or not). Each case also asserts which kernels take the fast path.
// Tolerance, as in webgpu-conv.test.ts: |gpu - cpu| <= 1e-5 * sqrt(k) * (1 + |cpu|), k the length
// of each output's sum.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Backend, type Conv2dParams, type Storage, type WebGpuBackend, cpuBackend, webgpuBackend } from '../src/index.js';
import {
  CONV_SMALL_TUNING, type ConvSmallTuning, conv2dSmallInputGradOp, conv2dSmallOp, conv2dSmallWeightGradOp,
  useConvSmallForward, useConvSmallInputGrad, useConvSmallWeightGrad,
} from '../src/backend/webgpu/conv-small.js';
import { type Pair, onBoth, releaseAll, upload } from './util/backend-pair.js';
import { allCloseReport } from './util/allclose.js';
import { Rng } from './util/rng.js';

let gpu: WebGpuBackend;
let pair: Pair;
beforeAll(async () => {
  gpu = await webgpuBackend();
  pair = { cpu: cpuBackend(), gpu };
});

const rng = new Rng(9191);
const normals = (n: number) => Float32Array.from(rng.normal(n));
const tol = (k: number) => 1e-5 * Math.sqrt(Math.max(k, 1));

interface Case {
  n: number; cIn: number; h: number; w: number; cOut: number; kh: number; kw: number; s: number;
  /** Top and left padding. */
  padH: number; padW: number;
  /** Extra output rows / columns: that much more padding at the bottom / right (times the stride). */
  eh?: number; ew?: number;
}

function params(c: Case): Conv2dParams {
  const outH = Math.floor((c.h + 2 * c.padH - c.kh) / c.s) + 1 + (c.eh ?? 0);
  const outW = Math.floor((c.w + 2 * c.padW - c.kw) / c.s) + 1 + (c.ew ?? 0);
  return { n: c.n, cIn: c.cIn, h: c.h, w: c.w, cOut: c.cOut, kh: c.kh, kw: c.kw, strideH: c.s, strideW: c.s, padH: c.padH, padW: c.padW, outH, outW };
}

type Kind = 'conv2d' | 'inputGrad' | 'weightGrad';
const KINDS: readonly Kind[] = ['conv2d', 'inputGrad', 'weightGrad'];

function depth(kind: Kind, p: Conv2dParams): number {
  return kind === 'conv2d' ? p.cIn * p.kh * p.kw : kind === 'inputGrad' ? p.cOut * p.kh * p.kw : p.n * p.outH * p.outW;
}

/** The backend's own routing, or the fast kernels forced with a tuning preset. */
function run(be: Backend, kind: Kind, a: Storage, b: Storage, p: Conv2dParams, tuning?: ConvSmallTuning): Storage {
  if (be === gpu && tuning) {
    if (kind === 'conv2d') return conv2dSmallOp(gpu, a, b, p, tuning);
    if (kind === 'inputGrad') return conv2dSmallInputGradOp(gpu, a, b, p, tuning);
    return conv2dSmallWeightGradOp(gpu, a, b, p, tuning);
  }
  if (kind === 'conv2d') return be.conv2d(a, b, p);
  if (kind === 'inputGrad') return be.conv2dInputGrad(a, b, p);
  return be.conv2dWeightGrad(a, b, p);
}

async function checkTrio(p: Conv2dParams, kinds: readonly Kind[], tuning?: ConvSmallTuning): Promise<void> {
  const x = upload(pair, normals(p.n * p.cIn * p.h * p.w));
  const w = upload(pair, normals(p.cOut * p.cIn * p.kh * p.kw));
  const dy = upload(pair, normals(p.n * p.cOut * p.outH * p.outW));
  const inputs: Record<Kind, [Storage, Storage][]> = { conv2d: [x, w], inputGrad: [dy, w], weightGrad: [x, dy] };
  for (const kind of kinds) {
    const { cpu, gpu: g } = await onBoth(pair, inputs[kind], (be, [a, b]) => run(be, kind, a, b, p, tuning));
    const what = `${kind} ${JSON.stringify(p)}${tuning ? ` tuning ${tuning === CONV_SMALL_TUNING.gpuAdapter ? 'gpu' : 'cpu'}` : ''}`;
    expect(g.length, what).toBe(cpu.length);
    const k = depth(kind, p);
    expect(allCloseReport(g, cpu, { rtol: tol(k), atol: tol(k) }), what).toBeNull();
  }
  releaseAll(x, w, dy);
}

/** Which kernels each case expects on the fast path (the input gradient needs stride 1, w and out_w % 4 == 0). */
function fastKinds(p: Conv2dParams): Kind[] {
  return KINDS.filter((k) => (k === 'conv2d' ? useConvSmallForward(gpu, p) : k === 'inputGrad' ? useConvSmallInputGrad(gpu, p) : useConvSmallWeightGrad(gpu, p)));
}

/** The kernels the fast path can run for p, whatever the routing prefers (the input gradient: stride 1, w and out_w % 4 == 0). */
function supported(p: Conv2dParams): Kind[] {
  return KINDS.filter((k) => k !== 'inputGrad' || (p.strideH === 1 && p.strideW === 1 && p.w % 4 === 0 && p.outW % 4 === 0));
}

const CASES: [string, Case, Kind[]][] = [
  ['everything 1', { n: 1, cIn: 1, h: 1, w: 1, cOut: 1, kh: 1, kw: 1, s: 1, padH: 0, padW: 0 }, ['conv2d', 'weightGrad']],
  ['Fashion-MNIST layer 1, batch 3', { n: 3, cIn: 1, h: 28, w: 28, cOut: 32, kh: 3, kw: 3, s: 1, padH: 3, padW: 3 }, [...KINDS]],
  // The input gradient with more than 64 output channels at K <= 27 stays on the col2im GEMM.
  ['CIFAR layer 1, batch 1, width 128', { n: 1, cIn: 3, h: 32, w: 32, cOut: 128, kh: 3, kw: 3, s: 1, padH: 1, padW: 1 }, ['conv2d', 'weightGrad']],
  ['2 channels, 7x9, 5 outputs', { n: 3, cIn: 2, h: 7, w: 9, cOut: 5, kh: 3, kw: 3, s: 1, padH: 1, padW: 1 }, ['conv2d', 'weightGrad']],
  ['7x9, stride 2, padding 2, one more row and column', { n: 3, cIn: 3, h: 7, w: 9, cOut: 5, kh: 3, kw: 3, s: 2, padH: 2, padW: 2, eh: 1, ew: 1 }, ['conv2d', 'weightGrad']],
  ['32x32 stride 2, 2x3 kernel, padding 0/1', { n: 1, cIn: 3, h: 32, w: 32, cOut: 5, kh: 2, kw: 3, s: 2, padH: 0, padW: 1 }, ['conv2d', 'weightGrad']],
  ['asymmetric: padding 0 top / 2 left, 3 more rows, 2 more columns', { n: 3, cIn: 1, h: 8, w: 8, cOut: 5, kh: 3, kw: 3, s: 1, padH: 0, padW: 2, eh: 3, ew: 2 }, [...KINDS]],
  ['1x1 kernel, 3 channels, padding 2 (taps fully outside)', { n: 3, cIn: 3, h: 8, w: 8, cOut: 32, kh: 1, kw: 1, s: 1, padH: 2, padW: 2 }, [...KINDS]],
  ['1x1 kernel, no padding', { n: 1, cIn: 2, h: 5, w: 8, cOut: 1, kh: 1, kw: 1, s: 1, padH: 0, padW: 0 }, [...KINDS]],
  ['5x5 kernel, 1 channel, padding 4 (more taps than pixels)', { n: 3, cIn: 1, h: 4, w: 4, cOut: 5, kh: 5, kw: 5, s: 1, padH: 4, padW: 4 }, [...KINDS]],
  ['5x5 kernel, 3 channels, padding 2 (K = 75), stride 2', { n: 2, cIn: 3, h: 13, w: 11, cOut: 6, kh: 5, kw: 5, s: 2, padH: 2, padW: 2 }, ['conv2d', 'weightGrad']],
  ['5x5 kernel, 3 channels, padding 2 (K = 75)', { n: 2, cIn: 3, h: 12, w: 12, cOut: 6, kh: 5, kw: 5, s: 1, padH: 2, padW: 2 }, [...KINDS]],
  ['3x3 kernel, padding 5, 3 channels (K = 27)', { n: 1, cIn: 3, h: 6, w: 4, cOut: 5, kh: 3, kw: 3, s: 1, padH: 5, padW: 5, ew: 4 }, [...KINDS]],
];

describe('short-reduction conv2d, input gradient and weight gradient (conv-small.ts)', () => {
  it.each(CASES.map(([name, c, kinds]) => [name, c, kinds] as const))('%s', async (_, c, kinds) => {
    const p = params(c);
    expect(fastKinds(p), 'kernels on the fast path').toEqual(kinds);
    await checkTrio(p, KINDS);
  });

  it('batch 300 at 28x28: many image chunks in the weight gradient, Fashion-MNIST layer 1', async () => {
    await checkTrio(params({ n: 300, cIn: 1, h: 28, w: 28, cOut: 32, kh: 3, kw: 3, s: 1, padH: 3, padW: 3 }), KINDS);
  });

  it('more than 65,535 images: the z grid takes chunks of images (forward, input and weight gradient)', async () => {
    const p = params({ n: 70_001, cIn: 1, h: 4, w: 4, cOut: 2, kh: 3, kw: 3, s: 1, padH: 1, padW: 1 });
    expect(fastKinds(p), 'kernels on the fast path').toEqual([...KINDS]);
    await checkTrio(p, KINDS);
  });

  it('gives the same results with both tuning presets, forced (GPU: other channel groups, one image per chunk)', async () => {
    const picked = CASES.filter(([name]) => /Fashion|CIFAR|7x9, stride|asymmetric|K = 27|K = 75\)$/.test(name)).map(([, c]) => c);
    picked.push({ n: 37, cIn: 3, h: 12, w: 12, cOut: 33, kh: 3, kw: 3, s: 1, padH: 1, padW: 1 });
    for (const tuning of [CONV_SMALL_TUNING.cpuAdapter, CONV_SMALL_TUNING.gpuAdapter]) {
      for (const c of picked) {
        const p = params(c);
        await checkTrio(p, supported(p), tuning);
      }
    }
  });

  it('routes longer reductions, unsupported strides and wide input gradients (cOut > 64 at K <= 27) to the implicit GEMMs', () => {
    const p = params({ n: 2, cIn: 4, h: 8, w: 8, cOut: 8, kh: 3, kw: 3, s: 1, padH: 1, padW: 1 }); // K = 36
    expect(fastKinds(p)).toEqual([]);
    expect(fastKinds(params({ n: 2, cIn: 3, h: 8, w: 8, cOut: 8, kh: 3, kw: 3, s: 1, padH: 1, padW: 1 }))).toEqual([...KINDS]); // K = 27
    expect(fastKinds(params({ n: 2, cIn: 1, h: 40, w: 40, cOut: 8, kh: 3, kw: 3, s: 5, padH: 1, padW: 1 }))).toEqual([]); // stride 5
    expect(fastKinds(params({ n: 2, cIn: 2, h: 16, w: 16, cOut: 8, kh: 7, kw: 7, s: 1, padH: 3, padW: 3 }))).toEqual([]); // K = 98
    expect(fastKinds(params({ n: 2, cIn: 1, h: 8, w: 8, cOut: 65, kh: 3, kw: 3, s: 1, padH: 1, padW: 1 }))).toEqual(['conv2d', 'weightGrad']);
    expect(fastKinds(params({ n: 2, cIn: 1, h: 8, w: 8, cOut: 65, kh: 5, kw: 5, s: 1, padH: 2, padW: 2 }))).toEqual(['conv2d', 'weightGrad']); // K = 25
    expect(fastKinds(params({ n: 2, cIn: 3, h: 8, w: 8, cOut: 65, kh: 5, kw: 5, s: 1, padH: 2, padW: 2 }))).toEqual([...KINDS]); // K = 75
  });
});
