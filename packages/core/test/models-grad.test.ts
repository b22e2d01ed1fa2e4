// Models are functions of (flat, x): gradients must reach both, to second order (PAD differentiates
// through unrolled SGD steps), and BatchNorm models must keep PyTorch's running statistics.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { add, cpuBackend, crossEntropy, grad, liveStorageStats, mul, randomNormal, randomUniform, requiresGrad, sum, tensor, tidy, type Tensor } from '../src/index.js';
import { createModel, type FunctionalModel } from '../src/nn/models/index.js';

const be = cpuBackend();
const golden = JSON.parse(readFileSync(new URL('../../../scripts/reference/golden/models.json', import.meta.url), 'utf8'));

/** A scalar loss of (flat, x) with fixed labels, as PAD's inner step uses it. */
function loss(m: FunctionalModel, flat: Tensor, x: Tensor): Tensor {
  const labels = tensor(Array.from({ length: x.shape[0] }, (_, i) => (3 * i + 1) % m.numClasses), [x.shape[0]], { dtype: 'i32', backend: be });
  return crossEntropy(m.forward(flat, x), labels);
}

async function value(t: Tensor): Promise<number> {
  return (await t.data())[0];
}

/** Central difference of f along direction u at step eps. ReLU and max pooling are piecewise linear: a
 *  step of 1e-5 along a random direction can cross a kink (measured: 0.1% off), 1e-6 does not, and in
 *  float64 its rounding error is ~1e-10. */
async function directional(f: (t: Tensor) => Tensor, at: Tensor, u: Tensor, eps: number): Promise<number> {
  const plus = await value(tidy(() => f(add(at, mul(u, eps)))));
  const minus = await value(tidy(() => f(add(at, mul(u, -eps)))));
  return (plus - minus) / (2 * eps);
}

// Small nets (float64): ConvNet-2 width 4 with instance norm, LeNet (max pooling), ResNet-free to stay fast.
const cases: [string, Parameters<typeof createModel>[1]][] = [
  ['convnet', { channels: 1, height: 12, width: 12, numClasses: 5, netWidth: 4, depth: 2 }],
  ['convnetbn', { channels: 3, height: 8, width: 8, numClasses: 4, netWidth: 3, depth: 2 }],
  ['lenet', { channels: 1, height: 28, width: 28, numClasses: 3 }],
];

describe('model gradients (cpu, float64)', () => {
  for (const [name, opts] of cases) {
    it(`${name}: first and second order in flat and x match finite differences (rel 1e-5)`, async () => {
      const m = createModel(name, opts);
      const flat = requiresGrad(m.init(3, be));
      const x = requiresGrad(randomNormal([3, opts.channels, opts.height, opts.width], { seed: 4, backend: be }));
      const u = randomNormal([m.numParams], { seed: 5, backend: be });
      const ux = randomNormal(x.shape, { seed: 6, backend: be });
      const v = randomNormal([m.numParams], { seed: 7, backend: be });

      const [gFlat, gX] = grad(loss(m, flat, x), [flat, x], { createGraph: true });
      const close = (a: number, b: number, what: string) => expect(Math.abs(a - b), `${what}: autograd ${a}, finite difference ${b}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(b)));
      // First order: <g, u> against the directional derivative.
      close(await value(sum(mul(gFlat, u))), await directional((t) => loss(m, t, x), flat, u, 1e-6), 'd loss/d flat');
      close(await value(sum(mul(gX, ux))), await directional((t) => loss(m, flat, t), x, ux, 1e-6), 'd loss/d x');
      // Second order: d<g_flat, v>/d flat · u and the mixed d<g_flat, v>/d x · ux (what PAD needs).
      const s = sum(mul(gFlat, v));
      const [hFlat, hX] = grad(s, [flat, x]);
      const gv = (t: Tensor, wrt: 'flat' | 'x') => {
        const f = requiresGrad(wrt === 'flat' ? t.detach() : flat.detach());
        const xx = wrt === 'x' ? t.detach() : x.detach();
        const [g] = grad(loss(m, f, xx), [f]);
        return sum(mul(g, v));
      };
      close(await value(sum(mul(hFlat, u))), await directional((t) => gv(t, 'flat'), flat, u, 1e-6), 'H_flat·u');
      close(await value(sum(mul(hX, ux))), await directional((t) => gv(t, 'x'), x, ux, 1e-6), 'mixed derivative');
    });
  }

  it('frees everything it allocates', () => {
    const m = createModel('convnet', { channels: 1, height: 8, width: 8, numClasses: 3, netWidth: 2, depth: 1 });
    const before = liveStorageStats().storages;
    tidy(() => {
      const flat = requiresGrad(m.init(1, be));
      const x = requiresGrad(randomUniform([2, 1, 8, 8], { seed: 2, backend: be }));
      const [g] = grad(loss(m, flat, x), [flat], { createGraph: true });
      grad(sum(mul(g, g)), [x]);
    });
    expect(liveStorageStats().storages).toBe(before);
  });
});

describe('batch norm state', () => {
  it('running statistics and evaluation logits match PyTorch (atol 1e-6)', async () => {
    const m = createModel('convnetbn', { channels: 1, height: 28, width: 28, numClasses: 10, netWidth: 16 });
    expect(m.hasState).toBe(true);
    const state = m.initState(be);
    expect([...state.keys()].slice(0, 2)).toEqual(['features.1.running_mean', 'features.1.running_var']);
    const flat = m.init(1, be);
    const x = randomUniform([2, 1, 28, 28], { seed: 7, backend: be, low: -1, high: 1 });
    m.forward(flat, x, { train: true, state });
    const near = (got: ArrayLike<number>, want: number[]) => want.forEach((w, i) => expect(Math.abs(got[i] - w)).toBeLessThan(1e-6));
    near(await state.get('features.1.running_mean')!.data(), golden.batchnorm.running_mean);
    near(await state.get('features.1.running_var')!.data(), golden.batchnorm.running_var);
    const x2 = randomUniform([2, 1, 28, 28], { seed: 8, backend: be, low: -1, high: 1 });
    near(await m.forward(flat, x2, { train: false, state }).data(), golden.batchnorm.eval_logits);
    expect(() => m.forward(flat, x2, { train: false })).toThrow(/needs running statistics/);
  });

  it('instance-norm models ignore the mode and have no state', async () => {
    const m = createModel('convnet', { channels: 1, height: 8, width: 8, numClasses: 3, netWidth: 2, depth: 1 });
    expect(m.hasState).toBe(false);
    expect(m.initState(be).size).toBe(0);
    const flat = m.init(1, be);
    const x = randomUniform([2, 1, 8, 8], { seed: 2, backend: be });
    const a = await m.forward(flat, x, { train: true }).toArray();
    const b = await m.forward(flat, x, { train: false }).toArray();
    expect(b).toEqual(a);
    expect(() => m.forward(flat, randomUniform([2, 3, 8, 8], { seed: 2, backend: be }))).toThrow(/expected images \[batch, 1, 8, 8\], got \[2,3,8,8\]/);
  });
});
