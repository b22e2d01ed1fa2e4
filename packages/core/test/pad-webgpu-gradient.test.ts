import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend, createModel, diffAugment, randomNormal, scalar, tensor, type Tensor, type WebGpuBackend, webgpuBackend } from '../src/index.js';
import { embeddingCut } from '../src/distill/mask.js';
import { unrollPlan } from '../src/distill/plan.js';
import type { MatchProblem } from '../src/distill/exact-gradient.js';
import { matchGradient } from '../src/distill/exact-forward.js';
import { matchGradientFullUnroll } from '../src/distill/full-unroll.js';

const cpu = cpuBackend();
let gpu: WebGpuBackend;
beforeAll(async () => {
  gpu = await webgpuBackend();
});
afterAll(async () => {
  await gpu.sync();
});

// ConvNet-2 width 8 on 1-channel 12x12 images (padding 3 in the first conv, as for digits): every op
// kind of the real model, small enough for a quick second-order unroll on llvmpipe.
const model = createModel('convnet', { channels: 1, height: 12, width: 12, numClasses: 4, netWidth: 8, depth: 2 });

async function f32(t: Tensor): Promise<Float32Array> {
  const v = Float32Array.from(await t.data());
  t.dispose();
  return v;
}

async function inputs() {
  const start = await f32(model.init(3, cpu));
  const noise = await f32(randomNormal([model.numParams], { seed: 4, backend: cpu, std: 0.02 }));
  return {
    images: await f32(randomNormal([8, 1, 12, 12], { seed: 5, backend: cpu })),
    labels: await f32(randomNormal([8, 4], { seed: 6, backend: cpu, std: 2 })),
    start,
    target: start.map((v, i) => v + noise[i]),
  };
}

function problem(be: typeof cpu | WebGpuBackend, v: Awaited<ReturnType<typeof inputs>>, dsa: boolean): MatchProblem {
  return {
    model,
    images: tensor(v.images, [8, 1, 12, 12], { backend: be }),
    labels: tensor(v.labels, [8, 4], { backend: be }),
    lr: scalar(0.02, { backend: be }),
    start: tensor(v.start, [model.numParams], { backend: be }),
    target: tensor(v.target, [model.numParams], { backend: be }),
    cut: embeddingCut(model.numParams, 0.25),
    plan: unrollPlan(8, 4, 3, 11),
    augment: dsa ? (x, seed) => diffAugment(x, seed, { strategy: ['color', 'crop', 'cutout', 'scale', 'rotate'] }) : undefined,
  };
}

describe('one PAD iteration: WebGPU (f32) against the float64 CPU backend', () => {
  for (const dsa of [false, true]) {
    it(`loss and exact gradients agree${dsa ? ' (with DSA replayed in the reverse pass)' : ''}`, async () => {
      const v = await inputs();
      const c = await matchGradient(problem(cpu, v, dsa));
      const t0 = performance.now();
      const g = await matchGradient(problem(gpu, v, dsa));
      console.log(`webgpu iteration (N = 3, ${model.numParams} params${dsa ? ', DSA' : ''}): ${(performance.now() - t0).toFixed(0)} ms; loss cpu ${c.loss} gpu ${g.loss}`);
      expect(Math.abs(g.loss - c.loss) / c.loss).toBeLessThan(1e-4);
      // f32 through a second-order unroll: each gradient within 2e-3 of its largest entry.
      for (const k of ['images', 'labels', 'lr'] as const) {
        const a = await c.grads[k].data();
        const b = await g.grads[k].data();
        let scale = 0;
        let err = 0;
        for (let i = 0; i < a.length; i++) {
          scale = Math.max(scale, Math.abs(a[i]));
          err = Math.max(err, Math.abs(a[i] - b[i]));
        }
        expect(scale).toBeGreaterThan(0);
        expect(err / scale, k).toBeLessThan(2e-3);
      }
    });
  }

  it('peak device memory (buffer pool) does not grow with N; the stored unroll grows', async () => {
    const v = await inputs();
    const peak = async (steps: number, full: boolean) => {
      const p = { ...problem(gpu, v, false), plan: unrollPlan(8, 4, steps, 11) };
      await gpu.sync();
      gpu.stream.storagePool.resetPeak();
      const base = gpu.poolStats().bytesInUse;
      const r = full ? await matchGradientFullUnroll(p) : await matchGradient(p);
      await r.grads.images.data();
      const top = gpu.poolStats().peakBytesInUse - base;
      for (const t of [...Object.values(r.grads), p.images, p.labels, p.lr, p.start, p.target]) t.dispose();
      return top;
    };
    const exact = [await peak(2, false), await peak(8, false), await peak(24, false)];
    const stored = [await peak(2, true), await peak(8, true)];
    console.log(`webgpu pool peak bytes, N = 2, 8, 24: exact ${exact.join(', ')}; stored unroll (N = 2, 8) ${stored.join(', ')}`);
    expect(exact[1]).toBe(exact[0]);
    expect(exact[2]).toBe(exact[0]);
    expect(stored[1]).toBeGreaterThan(3 * stored[0]);
  });
});
