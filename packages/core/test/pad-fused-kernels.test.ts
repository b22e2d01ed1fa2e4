import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend, tensor, type Tensor, type WebGpuBackend, webgpuBackend } from '../src/index.js';
import { matchLossFused } from '../src/distill/fused/match-loss.js';
import { axpyNeg } from '../src/distill/fused/sgd-step.js';

const cpu = cpuBackend();
let gpu: WebGpuBackend;

beforeAll(async () => {
  gpu = await webgpuBackend();
});
afterAll(async () => {
  await gpu.sync();
});

/** Random f32-representable values (so both backends start from identical inputs). */
function rand(n: number, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = (((s >>> 0) / 4294967296) * 2 - 1) * scale;
  }
  return out;
}

const both = (v: Float32Array, shape: number[]): [Tensor, Tensor] => [tensor(v, shape, { backend: cpu }), tensor(v, shape, { backend: gpu })];

describe('fused PAD kernels: WebGPU against the float64 CPU reference', () => {
  for (const [n, cut] of [[1, 0], [255, 7], [4096, 4095], [4097, 1000], [79_427, 19_856], [317_706, 79_426]] as const) {
    it(`match-loss n=${n} cut=${cut}`, async () => {
      const [sc, sg] = both(rand(n, n + 1), [n]);
      const [ac, ag] = both(rand(n, n + 2), [n]);
      const [tc, tg] = both(rand(n, n + 3, 0.5), [n]);
      const c = matchLossFused(sc, ac, tc, cut);
      const g = matchLossFused(sg, ag, tg, cut);
      const [cs, gs] = [await c.sums.data(), await g.sums.data()];
      // f32 sums of up to 3e5 positive terms in a tree: relative error well under 1e-5.
      for (let k = 0; k < 3; k++) expect(Math.abs(gs[k] - cs[k]) / Math.abs(cs[k])).toBeLessThan(1e-5);
      const [cv, gv] = [await c.seed.data(), await g.seed.data()];
      let err = 0;
      let scale = 0;
      for (let i = 0; i < n; i++) {
        err = Math.max(err, Math.abs(gv[i] - cv[i]));
        scale = Math.max(scale, Math.abs(cv[i]));
        if (i < cut) expect(gv[i]).toBe(0);
      }
      expect(err / scale).toBeLessThan(1e-5);
      for (const t of [sc, sg, ac, ag, tc, tg, c.sums, c.seed, g.sums, g.seed]) t.dispose();
    });
  }

  it('rejects a cut outside the vector, naming it', () => {
    const t = tensor([1, 2, 3], [3], { backend: cpu });
    expect(() => matchLossFused(t, t, t, 3)).toThrow(/cut 3/);
    t.dispose();
  });

  for (const n of [1, 257, 100_003]) {
    it(`sgd-step n=${n}`, async () => {
      const [ac, ag] = both(rand(n, 5 * n), [n]);
      const [bc, bg] = both(rand(n, 7 * n), [n]);
      const [ec, eg] = both(Float32Array.of(0.0123), [1]);
      const c = await axpyNeg(ac, bc, ec).data();
      const g = await axpyNeg(ag, bg, eg).data();
      let err = 0;
      for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(g[i] - c[i]));
      // Inputs are f32 in [-1, 1]: one f32 multiply-add differs from float64 by < 1e-7.
      expect(err).toBeLessThan(1e-6);
      for (const t of [ac, ag, bc, bg, ec, eg]) t.dispose();
    });
  }
});
