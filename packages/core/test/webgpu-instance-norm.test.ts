// WebGPU fused instance norm (instance-norm.wgsl, instance-norm-grad.wgsl) against the float64 CPU
// reference on random non-zero inputs: odd shapes, planes of 1 to 4097 values, eps 1e-5 to 0.5, inputs
// offset far from zero, f32 and vec4 element kernels (hw % 4 == 0), lanes per plane from 1 (llvmpipe's
// barrier-free preset) to 64 (GPU trees), grids spilled into y (more than 65,535 workgroups), and the
// public op forward and backward (fused first-order and createGraph fallback). Tolerance:
// |gpu - cpu| <= 1e-4 · |cpu| + 2e-5 · max|cpu| per output (f32 sums of up to 4097 terms, normalised
// values of order 1); for dx, 2e-5 · max(rstd·|w|·|dy|), the size of the terms that cancel in it.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type InstanceNormParams, type Storage, type Tensor, type WebGpuBackend, cpuBackend, grad, instanceNorm2d, liveStorageStats, mul, requiresGrad,
  sum, tensor, tidy, webgpuBackend,
} from '../src/index.js';
import { INSTANCE_NORM_TUNING, type InstanceNormTuning, instanceNormGradOp, instanceNormOp } from '../src/backend/webgpu/norm.js';
import { close, maxAbs, NORM_TUNINGS as TUNINGS, opOutputAndGrads, readAll, values as seededValues } from './util/norm-kernels.js';
import { Rng } from './util/rng.js';

let gpu: WebGpuBackend;
const cpu = cpuBackend();
beforeAll(async () => {
  gpu = await webgpuBackend();
});

const rng = new Rng(9127);
const values = (n: number, scale = 1, offset = 0) => seededValues(rng, n, scale, offset);


/** Runs forward and backward kernels on both backends with identical inputs and compares all outputs. */
async function checkKernels(n: number, c: number, hw: number, eps: number, tuning: InstanceNormTuning | undefined, label: string, offset = 0, scale = 1, relu = false) {
  const p: InstanceNormParams = { planes: n * c, c, hw, eps, relu };
  const data = { x: values(n * c * hw, scale, offset), w: values(c), b: values(c), dy: values(n * c * hw) };
  const up = (be: typeof cpu | WebGpuBackend) => ({ x: be.fromData(data.x, 'f32'), w: be.fromData(data.w, 'f32'), b: be.fromData(data.b, 'f32'), dy: be.fromData(data.dy, 'f32') });
  const C = up(cpu);
  const G = up(gpu);
  const fc = cpu.instanceNorm(C.x, C.w, C.b, p);
  const fg = instanceNormOp(gpu, G.x, G.w, G.b, p, tuning);
  // The backward of each backend starts from its own statistics, as in the op.
  const bc = cpu.instanceNormGrad(C.x, C.dy, C.w, C.b, fc.mean, fc.rstd, p);
  const bg = instanceNormGradOp(gpu, G.x, G.dy, G.w, G.b, fg.mean, fg.rstd, p, tuning);
  const names = ['y', 'mean', 'rstd', 'dx', 'dweight partials', 'dbias partials'];
  const want = await readAll(cpu, [fc.y, fc.mean, fc.rstd, bc.dx, bc.dweight, bc.dbias]);
  const got = await readAll(gpu, [fg.y, fg.mean, fg.rstd, bg.dx, bg.dweight, bg.dbias]);
  for (const s of [...Object.values(C), ...Object.values(G)]) s.release();
  // dx = rstd·w·(dy - mean(dy) - xhat·mean(dy·xhat)) cancels almost exactly on tiny planes (hw = 2: to
  // O(eps / var)), so its atol scales with the terms, rstd·|w|·|dy|, not with the result.
  const dxTerms = maxAbs(want[2]) * maxAbs(data.w) * maxAbs(data.dy);
  names.forEach((what, i) => close(got[i], want[i], `${label} n=${n} c=${c} hw=${hw} eps=${eps} offset=${offset} relu=${relu}: ${what}`, what === 'dx' ? dxTerms : undefined));
}

describe('instance norm kernels vs the CPU reference', () => {
  const shapes: [number, number, number, number, number?, number?][] = [
    // n, c, hw, eps, offset, scale
    [3, 5, 63, 1e-5],
    [4, 3, 1, 1e-5],
    [2, 3, 4097, 1e-5],
    [5, 7, 49, 1e-3, 10, 0.5],
    [2, 6, 784, 0.5, -4, 3],
    [1, 1, 2, 1e-5],
    [3, 2, 65, 1e-5, 100, 1],
    [3, 5, 4, 1e-5],
    [2, 3, 4096, 1e-5, 1, 2],
    [3, 4, 196, 1e-2, 50, 1],
  ];
  for (const [label, tuning] of TUNINGS) {
    it(`${label}: forward (y, mean, rstd) and backward (dx, partials) on odd shapes`, async () => {
      for (const [n, c, hw, eps, offset, scale] of shapes) await checkKernels(n, c, hw, eps, tuning, label, offset, scale);
      // The fused ReLU (forward max(0, y), backward mask recomputed from the pre-activation).
      for (const [n, c, hw, eps, offset, scale] of shapes) await checkKernels(n, c, hw, eps, tuning, label, offset, scale, true);
      await gpu.sync();
    });
  }

  it('splits planes too long for llvmpipe\'s loop cap (30,001 and 120,000 values) with the default tuning', async () => {
    // Offset 1 keeps the mean away from zero: a zero-mean sum of 120,000 floats keeps only its f32 noise.
    await checkKernels(1, 2, 30_001, 1e-5, undefined, 'long planes f32', 1);
    await checkKernels(1, 1, 120_000, 1e-5, undefined, 'long planes vec4', 1);
    await gpu.sync();
  });

  it('spills past 65,535 workgroups into y: one plane a workgroup (lanes 64, f32 and vec4) and 64 planes a workgroup (lanes 1)', async () => {
    await checkKernels(70_003, 1, 3, 1e-5, { workgroup: 64, lanes: () => 64 }, 'lanes 64 grid spill');
    await checkKernels(1_001, 70, 4, 1e-5, { workgroup: 64, lanes: () => 64 }, 'lanes 64 vec4 grid spill');
    await checkKernels(65_535 * 64 + 77, 1, 1, 1e-5, INSTANCE_NORM_TUNING.cpuAdapter, 'lanes 1 grid spill');
    await gpu.sync();
  });
});

describe.each([[[3, 5, 7, 9]], [[2, 3, 4, 6]]])('instanceNorm2d op on WebGPU vs CPU, input %j', (shape) => {
  const size = shape.reduce((a, b) => a * b);
  const c = shape[1];
  const data = { x: values(size, 2, 1), w: values(c), b: values(c), v: values(size), u: values(size) };

  const run = (be: typeof cpu | WebGpuBackend, createGraph: boolean) => opOutputAndGrads(be, instanceNorm2d, shape, data, createGraph);

  for (const createGraph of [false, true]) {
    it(`forward and gradients${createGraph ? ' with createGraph, and a Hessian-vector product' : ' (fused backward)'} match, and nothing leaks`, async () => {
      const before = liveStorageStats().storages;
      const want = run(cpu, createGraph);
      const got = run(gpu, createGraph);
      const names = ['y', 'dx', 'dweight', 'dbias', 'Hv'];
      for (let i = 0; i < want.length; i++) close(await got[i].data(), await want[i].data(), `${names[i]} (createGraph ${createGraph})`);
      for (const t of [...want, ...got]) t.dispose();
      expect(liveStorageStats().storages).toBe(before);
    });
  }
});
