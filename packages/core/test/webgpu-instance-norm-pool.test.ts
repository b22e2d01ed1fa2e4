// WebGPU fused instance norm -> ReLU -> 2x2 average pool (instance-norm-pool.wgsl,
// instance-norm-pool-grad.wgsl) against the float64 CPU reference on seeded random non-zero inputs:
// even and odd planes (odd last rows and columns are dropped by the pool, kept in the statistics), f32
// elements and vec4 (w % 8 == 0), with and without the ReLU, lanes per plane from 1 (llvmpipe's
// barrier-free preset) to 64, planes long enough for llvmpipe's loop cap to need lanes, a grid spilled
// into y, and the public op forward and backward (fused first-order and createGraph path, with a
// Hessian-vector product). Tolerances as webgpu-instance-norm.test.ts: |gpu - cpu| <= 1e-4 · |cpu| +
// 2e-5 · max|cpu| per output; for dx, 2e-5 · max(rstd·|w|·|dy|), the size of the terms that cancel in
// it; for the dweight/dbias partials at least 2e-5 · max|dy|. The ReLU mask is recomputed from f32 pre-activations on the GPU, so a value within ~1e-6 of zero
// could flip it; the data are seeded, and these seeds put none there.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type InstanceNormParams, type Storage, type Tensor, type WebGpuBackend, cpuBackend, grad, instanceNormReluPool2d, liveStorageStats, mul, requiresGrad,
  sum, tensor, tidy, webgpuBackend,
} from '../src/index.js';
import { INSTANCE_NORM_TUNING, type InstanceNormTuning, instanceNormGradOp, instanceNormOp, poolLoopIterations } from '../src/backend/webgpu/norm.js';
import { CPU_LOOP_BUDGET } from '../src/backend/webgpu/normalize.js';
import { close, maxAbs, NORM_TUNINGS as TUNINGS, opOutputAndGrads, readAll, values as seededValues } from './util/norm-kernels.js';
import { Rng } from './util/rng.js';

let gpu: WebGpuBackend;
const cpu = cpuBackend();
beforeAll(async () => {
  gpu = await webgpuBackend();
});

const rng = new Rng(60217);
const values = (n: number, scale = 1, offset = 0) => seededValues(rng, n, scale, offset);


/** Forward and backward kernels on both backends with identical inputs; compares every output. */
async function checkKernels(n: number, c: number, h: number, w: number, tuning: InstanceNormTuning | undefined, label: string, relu = true, offset = 0, scale = 1) {
  const p: InstanceNormParams = { planes: n * c, c, hw: h * w, eps: 1e-5, relu, pool: true, width: w };
  const pooledSize = n * c * Math.floor(h / 2) * Math.floor(w / 2);
  const data = { x: values(n * c * h * w, scale, offset), w: values(c), b: values(c), dy: values(pooledSize) };
  const up = (be: typeof cpu | WebGpuBackend) => ({ x: be.fromData(data.x, 'f32'), w: be.fromData(data.w, 'f32'), b: be.fromData(data.b, 'f32'), dy: be.fromData(data.dy, 'f32') });
  const C = up(cpu);
  const G = up(gpu);
  const fc = cpu.instanceNorm(C.x, C.w, C.b, p);
  const fg = instanceNormOp(gpu, G.x, G.w, G.b, p, tuning);
  const bc = cpu.instanceNormGrad(C.x, C.dy, C.w, C.b, fc.mean, fc.rstd, p);
  const bg = instanceNormGradOp(gpu, G.x, G.dy, G.w, G.b, fg.mean, fg.rstd, p, tuning);
  expect(fg.y.size).toBe(pooledSize);
  const names = ['y', 'mean', 'rstd', 'dx', 'dweight partials', 'dbias partials'];
  const want = await readAll(cpu, [fc.y, fc.mean, fc.rstd, bc.dx, bc.dweight, bc.dbias]);
  const got = await readAll(gpu, [fg.y, fg.mean, fg.rstd, bg.dx, bg.dweight, bg.dbias]);
  for (const s of [...Object.values(C), ...Object.values(G)]) s.release();
  // dx's terms are rstd·|w|·|dy| (they cancel almost exactly on tiny planes); the partials' terms are
  // |dy| / 4 · |xhat|, and without the ReLU a 2x2 plane's Σ dy/4 · xhat is exactly 0 (Σ xhat = 0), so
  // their atol scales with |dy| too, not only with the result.
  const magnitude = (what: string, i: number) =>
    what === 'dx' ? maxAbs(want[2]) * maxAbs(data.w) * maxAbs(data.dy) : what.endsWith('partials') ? Math.max(maxAbs(want[i]), maxAbs(data.dy)) : undefined;
  names.forEach((what, i) => close(got[i], want[i], `${label} n=${n} c=${c} ${h}x${w} relu=${relu} offset=${offset}: ${what}`, magnitude(what, i)));
}

describe('pooled instance norm kernels vs the CPU reference', () => {
  // n, c, h, w, offset, scale: odd h and w (f32), w % 8 == 0 (vec4) with even and odd h, w % 4 == 0 but
  // not % 8 (f32), ConvNet's 32x32, 16x16 and 8x8 planes, the smallest 2x2 and 2x3.
  const shapes: [number, number, number, number, number?, number?][] = [
    [3, 5, 7, 9],
    [2, 3, 5, 5, 10, 0.5],
    [4, 3, 2, 3],
    [3, 2, 2, 2],
    [2, 3, 3, 8],
    [2, 2, 7, 16, -4, 3],
    [2, 6, 28, 28],
    [2, 3, 12, 4],
    [2, 4, 32, 32, 1, 2],
    [3, 4, 16, 16],
    [5, 3, 8, 8],
    [1, 2, 9, 24, 50, 1],
  ];
  for (const [label, tuning] of TUNINGS) {
    it(`${label}: forward (pooled y, mean, rstd) and backward (dx, partials), with and without the ReLU`, async () => {
      for (const [n, c, h, w, offset, scale] of shapes) await checkKernels(n, c, h, w, tuning, label, true, offset, scale);
      for (const [n, c, h, w, offset, scale] of shapes) await checkKernels(n, c, h, w, tuning, label, false, offset, scale);
      await gpu.sync();
    });
  }

  it('planes too long for llvmpipe\'s loop cap with one lane get enough lanes (default tuning); rows too long to split are refused', async () => {
    // 200x200 (f32), 256x512 (vec4), and 3 rows of 30,001 (few long rows: lanes split the statistics).
    expect(poolLoopIterations(200, 200, 1, 1)).toBeGreaterThan(CPU_LOOP_BUDGET);
    expect(poolLoopIterations(256, 512, 4, 1)).toBeGreaterThan(CPU_LOOP_BUDGET);
    expect(poolLoopIterations(3, 30_001, 1, 1)).toBeGreaterThan(CPU_LOOP_BUDGET);
    await checkKernels(1, 2, 200, 200, undefined, 'long planes f32', true, 1);
    await checkKernels(1, 1, 256, 512, undefined, 'long planes vec4', true, 1);
    await checkKernels(1, 1, 3, 30_001, undefined, 'long rows f32', true, 1);
    await gpu.sync();
    if (gpu.ctx.description.isCpu) {
      const p: InstanceNormParams = { planes: 1, c: 1, hw: 2 * 130_001, eps: 1e-5, relu: true, pool: true, width: 130_001 };
      const [x, wt] = [gpu.fromData(new Float32Array(p.hw), 'f32'), gpu.fromData([1], 'f32')];
      expect(() => instanceNormOp(gpu, x, wt, wt, p)).toThrow(/2x130001 with a fused 2x2 pool exceed the CPU adapter's loop budget/);
      x.release();
      wt.release();
    }
  });

  it('spills past 65,535 workgroups into y (one plane a workgroup, lanes 64; f32 and vec4)', async () => {
    await checkKernels(70_003, 1, 2, 3, { workgroup: 64, lanes: () => 64 }, 'lanes 64 grid spill');
    await checkKernels(1_001, 70, 2, 8, { workgroup: 64, lanes: () => 64 }, 'lanes 64 vec4 grid spill');
    await gpu.sync();
  });
});

describe.each([[[3, 5, 7, 9]], [[2, 3, 8, 16]], [[2, 4, 32, 32]]])('instanceNormReluPool2d op on WebGPU vs CPU, input %j', (shape) => {
  const [n, c, h, w] = shape;
  const size = n * c * h * w;
  const outShape = [n, c, Math.floor(h / 2), Math.floor(w / 2)];
  const outSize = outShape.reduce((a, b) => a * b);
  const data = { x: values(size, 2, 1), w: values(c), b: values(c), v: values(outSize), u: values(size) };

  const run = (be: typeof cpu | WebGpuBackend, createGraph: boolean) => opOutputAndGrads(be, instanceNormReluPool2d, shape, data, createGraph);

  for (const createGraph of [false, true]) {
    it(`forward and gradients${createGraph ? ' with createGraph, and a Hessian-vector product' : ' (fused backward)'} match, and nothing leaks`, async () => {
      const before = liveStorageStats().storages;
      const want = run(cpu, createGraph);
      const got = run(gpu, createGraph);
      expect(got[0].shape).toEqual(outShape);
      const names = ['y', 'dx', 'dweight', 'dbias', 'Hv'];
      for (let i = 0; i < want.length; i++) close(await got[i].data(), await want[i].data(), `${names[i]} (createGraph ${createGraph})`);
      for (const t of [...want, ...got]) t.dispose();
      expect(liveStorageStats().storages).toBe(before);
    });
  }
});
