// assemble (pieces written into a zero vector) and the engine's placed gradients: slices of a flat
// vector hand their gradients back as pieces that one assemble sums. Checked by finite differences to
// second order (float64 cpu), against padded-slice sums (overlapping slices too), on WebGPU against the
// CPU, and for bad arguments.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type WebGpuBackend, assemble, cpuBackend, grad, mul, padSlice, requiresGrad, reshape, slice, square, sum, tanh, tensor, webgpuBackend,
} from '../src/index.js';
import { checkGrads, randn } from './util/gradcheck.js';
import { Rng } from './util/rng.js';
import './util/allclose.js';

const rng = new Rng(1207);
let gpu: WebGpuBackend;
beforeAll(async () => {
  gpu = await webgpuBackend();
});

describe('assemble', () => {
  it('first and second order, with gaps and a 2-D piece', () => {
    checkGrads((a, b) => square(assemble([a, b], [1, 6], 12)), [randn(rng, [4]), randn(rng, [2, 3])], { name: 'assemble with gaps' });
    checkGrads((a, b) => tanh(assemble([b, a], [3, 0], 5)), [randn(rng, [3]), randn(rng, [2])], { name: 'assemble tiling' });
  });

  it('places values and zeros on both backends', async () => {
    for (const backend of [cpuBackend(), gpu]) {
      const a = tensor([1, 2, 3], [3], { backend });
      const b = tensor([4, 5, 6, 7], [2, 2], { backend });
      expect(Array.from(await assemble([b, a], [4, 0], 9).toArray())).toEqual([1, 2, 3, 0, 4, 5, 6, 7, 0]);
      expect(Array.from(await assemble([a, b], [0, 3], 7).toArray())).toEqual([1, 2, 3, 4, 5, 6, 7]);
    }
  });

  it('rejects overlaps, overruns and mismatched arguments', () => {
    const a = tensor([1, 2, 3]);
    expect(() => assemble([a, a], [0, 2], 6)).toThrow(/piece 1 at offset 2 overlaps/);
    expect(() => assemble([a], [4], 6)).toThrow(/reach element 7, past the size 6/);
    expect(() => assemble([a], [0, 1], 6)).toThrow(/1 pieces but 2 offsets/);
  });
});

describe('placed gradients of flat-vector slices', () => {
  const flat = () => requiresGrad(tensor(rng.normal(20), [20], { backend: cpuBackend() }));
  it('give exact first and second derivatives with overlapping slices (finite differences)', async () => {
    const t = flat();
    // A model-like unpack: layers sliced out of a flat vector, one region read twice (overlapping pieces).
    const loss = (x: typeof t) => {
      const w = reshape(slice(x, [0], [12]), [3, 4]);
      const b = slice(x, [12], [4]);
      const again = slice(x, [10], [4]);
      return sum(square(tanh(mul(mul(sum(w, 0), b), again))));
    };
    const [g] = grad(loss(t), [t], { createGraph: true });
    const v = tensor(rng.normal(20), [20], { backend: cpuBackend() });
    const [h] = grad(g, [t], { gradOutputs: [v] });
    // Finite differences of <g(t), v> and of the loss itself.
    const base = await t.toArray();
    const eps = 1e-6;
    const u = rng.normal(20);
    const at = (s: number) => tensor(base.map((x, i) => x + s * u[i]), [20], { backend: cpuBackend() });
    const lp = await loss(at(eps)).toArray();
    const lm = await loss(at(-eps)).toArray();
    const gv = await g.toArray();
    const directional = gv.reduce((acc, x, i) => acc + x * u[i], 0);
    expect(Math.abs(directional - (lp[0] - lm[0]) / (2 * eps))).toBeLessThan(1e-6 * (1 + Math.abs(directional)));
    const gAt = (s: number) => {
      const x = requiresGrad(at(s));
      return grad(loss(x), [x])[0];
    };
    const gp = await gAt(eps).toArray();
    const gm = await gAt(-eps).toArray();
    const vv = await v.toArray();
    const hv = await h.toArray();
    // <H u, v> = <(g(t + eps u) - g(t - eps u)) / 2 eps, v>, and <h, u> is the same number (H symmetric).
    const fd = gp.reduce((acc, x, i) => acc + ((x - gm[i]) / (2 * eps)) * vv[i], 0);
    const hu = hv.reduce((acc, x, i) => acc + x * u[i], 0);
    expect(Math.abs(hu - fd)).toBeLessThan(1e-5 * (1 + Math.abs(fd)));
  });

  it('match padSlice gradients on a strided slice (no placed piece there)', async () => {
    const t = flat();
    const [g] = grad(sum(square(slice(t, [1], [5], [3]))), [t]);
    const ref = padSlice(mul(slice(t, [1], [5], [3]), 2), [20], [1], [3]);
    expect(await g.toArray()).toBeAllClose(await ref.toArray(), { rtol: 1e-12, atol: 0 });
  });
});
