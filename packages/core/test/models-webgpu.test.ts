// Models on WebGPU (f32) against the float64 CPU backend: identical initialisation, logits, gradients in
// flat and x, and a second-order (mixed) derivative for ConvNet. Tolerances are relative to the largest
// magnitude of each result (f32 accumulations over a few thousand terms).
import { describe, expect, it } from 'vitest';
import {
  cpuBackend, crossEntropy, grad, mul, randomUniform, requiresGrad, sum, tensor, webgpuBackend, type Backend,
} from '../src/index.js';
import { createModel, type CreateModelOptions } from '../src/nn/models/index.js';

const scaleOf = (v: number[]) => Math.max(1e-30, ...v.map(Math.abs));

function expectClose(gpu: number[], cpu: number[], rel: number, what: string) {
  const s = scaleOf(cpu);
  const worst = gpu.reduce((m, v, i) => Math.max(m, Math.abs(v - cpu[i])), 0);
  expect(worst / s, `${what}: worst |gpu - cpu| ${worst.toExponential(2)} vs scale ${s.toExponential(2)}`).toBeLessThan(rel);
}

async function run(be: Backend, name: string, o: CreateModelOptions, n: number, withGrad: boolean) {
  const m = createModel(name, o);
  const flat = requiresGrad(m.init(5, be));
  const x = requiresGrad(randomUniform([n, o.channels, o.height, o.width], { seed: 6, backend: be, low: -1, high: 1 }));
  const labels = tensor(Array.from({ length: n }, (_, i) => i % o.numClasses), [n], { dtype: 'i32', backend: be });
  const logits = m.forward(flat, x, { train: true });
  const out: Record<string, number[]> = { init: Array.from(await flat.data()), logits: Array.from(await logits.data()) };
  if (withGrad) {
    const [gFlat, gX] = grad(crossEntropy(logits, labels), [flat, x], { createGraph: name === 'convnet' });
    out.gFlat = Array.from(await gFlat.data());
    out.gX = Array.from(await gX.data());
    if (name === 'convnet') {
      const v = randomUniform([m.numParams], { seed: 7, backend: be, low: -1, high: 1 });
      const [h] = grad(sum(mul(gFlat, v)), [x]);
      out.mixed = Array.from(await h.data());
    }
  }
  return out;
}

const small: [string, CreateModelOptions][] = [
  ['convnet', { channels: 1, height: 28, width: 28, numClasses: 10, netWidth: 8, depth: 3 }],
  ['convnetbn', { channels: 3, height: 16, width: 16, numClasses: 5, netWidth: 6, depth: 2 }],
  ['lenet', { channels: 1, height: 28, width: 28, numClasses: 10 }],
  ['mlp', { channels: 3, height: 8, width: 8, numClasses: 4 }],
];
const big: [string, CreateModelOptions][] = [
  ['resnet18', { channels: 3, height: 32, width: 32, numClasses: 10 }],
  ['vgg11bn', { channels: 1, height: 28, width: 28, numClasses: 10 }],
  ['alexnet', { channels: 3, height: 32, width: 32, numClasses: 10 }],
];

describe('models on webgpu match cpu', async () => {
  const cpu = cpuBackend();
  const gpu = await webgpuBackend();
  for (const [name, o] of small) {
    it(`${name}: init bit-identical; logits, gradients (rel 1e-4)`, async () => {
      const [a, b] = [await run(cpu, name, o, 4, true), await run(gpu, name, o, 4, true)];
      expect(b.init).toEqual(a.init);
      for (const k of Object.keys(a).filter((k) => k !== 'init')) expectClose(b[k], a[k], 1e-4, `${name} ${k}`);
    });
  }
  for (const [name, o] of big) {
    it(`${name}: logits of one batch (rel 1e-4)`, async () => {
      const n = name === 'vgg11bn' ? 2 : 1;
      const [a, b] = [await run(cpu, name, o, n, false), await run(gpu, name, o, n, false)];
      expectClose(b.logits, a.logits, 1e-4, `${name} logits`);
    });
  }
});

