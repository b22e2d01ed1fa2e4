// DSA on WebGPU against the float64 CPU backend: every family, both layouts (1 and 3 channels), the
// augmented images and their gradients (the indexAdd path). f32 on the GPU: atol 1e-5 on values <= ~4.
import { describe, expect, it } from 'vitest';
import './util/allclose.js';
import { cpuBackend, grad, mul, randomNormal, requiresGrad, sum, webgpuBackend, type Backend } from '../src/index.js';
import { applyAugmentation, diffAugment, type AugmentationDraw } from '../src/nn/augment/index.js';

const draws: AugmentationDraw[] = [
  { family: 'color', brightness: [0.2, -0.1], saturation: [1.3, 0.5], contrast: [0.9, 1.2] },
  { family: 'crop', shiftH: [2, -1], shiftW: [-3, 0] },
  { family: 'cutout', centerH: [1, 4], centerW: [5, 2], sizeH: 3, sizeW: 3 },
  { family: 'flip', flip: [true, false] },
  { family: 'scale', scaleX: [0.9, 1.15], scaleY: [1.1, 0.87] },
  { family: 'rotate', radians: [0.2, -0.24] },
];

/** Augmented batch and d<w, aug(x)>/dx on one backend (same seeded inputs on both). */
async function run(be: Backend, shape: number[], f: (x: ReturnType<typeof randomNormal>) => ReturnType<typeof randomNormal>) {
  const x = requiresGrad(randomNormal(shape, { seed: 1, backend: be }));
  const w = randomNormal(shape, { seed: 2, backend: be });
  const y = f(x);
  const [g] = grad(sum(mul(w, y)), [x]);
  const out = { y: Array.from(await y.data()), g: Array.from(await g.data()) };
  for (const t of [x, w, y, g]) t.dispose();
  return out;
}

describe('DSA on webgpu matches cpu', async () => {
  const cpu = cpuBackend();
  const gpu = await webgpuBackend();
  for (const shape of [[2, 1, 9, 7], [2, 3, 6, 8]]) {
    for (const d of draws) {
      it(`${d.family} on [${shape}] (atol 1e-5)`, async () => {
        const a = await run(cpu, shape, (x) => applyAugmentation(x, d));
        const b = await run(gpu, shape, (x) => applyAugmentation(x, d));
        expect(b.y).toBeAllClose(a.y, { atol: 1e-5, rtol: 0 });
        expect(b.g).toBeAllClose(a.g, { atol: 1e-5, rtol: 0 });
      });
    }
  }

  it('the gradient through a gather table uses the host-built scatter plan, never the GPU sort', async () => {
    const kernels = new Set<string>();
    const dispatch = gpu.stream.dispatch.bind(gpu.stream);
    gpu.stream.dispatch = (spec, ...rest) => {
      kernels.add(spec.name);
      dispatch(spec, ...rest);
    };
    try {
      for (const d of draws.filter((x) => ['crop', 'flip', 'scale', 'rotate'].includes(x.family))) await run(gpu, [2, 3, 6, 8], (x) => applyAugmentation(x, d));
    } finally {
      gpu.stream.dispatch = dispatch;
    }
    expect(kernels.has('index-add-rows')).toBe(true);
    expect(kernels.has('index-add-plan')).toBe(false);
  });

  it('diffAugment replays identically from a seed on both backends (atol 1e-5)', async () => {
    for (let seed = 0; seed < 12; seed++) {
      const a = await run(cpu, [3, 3, 8, 8], (x) => diffAugment(x, seed));
      const b = await run(gpu, [3, 3, 8, 8], (x) => diffAugment(x, seed));
      expect(b.y).toBeAllClose(a.y, { atol: 1e-5, rtol: 0 });
    }
  });
});
