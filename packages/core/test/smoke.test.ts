import { describe, expect, it } from 'vitest';
import { cpuBackend, grad, mul, exp, sum, tensor, requiresGrad, tidy, webgpuBackend, add, liveStorageStats, conv2d, relu, crossEntropy, randomNormal, avgPool2d, instanceNorm, linear, flatten } from '../src/index.js';

describe('smoke', () => {
  it('second order on cpu', async () => {
    const be = cpuBackend();
    const x = requiresGrad(tensor([0.5, -1.2, 2.0], [3], { backend: be }));
    const y = sum(mul(exp(x), x));
    const [g] = grad(y, [x], { createGraph: true });
    const [h] = grad(sum(g), [x]);
    const xs = [0.5, -1.2, 2.0];
    const gv = await g.toArray();
    const hv = await h.toArray();
    xs.forEach((v, i) => {
      expect(gv[i]).toBeCloseTo(Math.exp(v) * (1 + v), 10);
      expect(hv[i]).toBeCloseTo(Math.exp(v) * (2 + v), 10);
    });
  });
  it('tiny convnet grads on cpu', async () => {
    const be = cpuBackend();
    const before = liveStorageStats().storages;
    tidy(() => {
      const x = randomNormal([2, 1, 8, 8], { seed: 1, backend: be });
      const w = requiresGrad(randomNormal([4, 1, 3, 3], { seed: 2, backend: be }));
      const fw = requiresGrad(randomNormal([3, 4 * 4 * 4], { seed: 3, backend: be }));
      const labels = tensor([0, 2], [2], { dtype: 'i32', backend: be });
      const h = avgPool2d(relu(instanceNorm(conv2d(x, w, null, { padding: 1 }))), 2);
      const loss = crossEntropy(linear(flatten(h), fw), labels);
      const [gw, gf] = grad(loss, [w, fw], { createGraph: true });
      const [hw] = grad(add(sum(mul(gw, gw)), sum(mul(gf, gf))), [w]);
      expect(hw.shape).toEqual([4, 1, 3, 3]);
    });
    expect(liveStorageStats().storages).toBe(before);
  });
  it('webgpu unary/binary', async () => {
    const be = await webgpuBackend();
    const a = tensor([1, 2, 3, 4, 5, 6], [2, 3], { backend: be });
    const b = tensor([10, 20, 30], [3], { backend: be });
    expect(await add(a, b).toArray()).toEqual([11, 22, 33, 14, 25, 36]);
    expect(await mul(a, 2).toArray()).toEqual([2, 4, 6, 8, 10, 12]);
    const e = await exp(a).toArray();
    expect(e[0]).toBeCloseTo(Math.E, 5);
    console.log(be.ctx.description, be.poolStats());
  });
});
