// DSA semantics, reproducibility and differentiability (cpu, float64).
import { describe, expect, it } from 'vitest';
import { add, cpuBackend, crossEntropy, grad, mean, mul, randomNormal, requiresGrad, sum, tensor, tidy, type Tensor } from '../src/index.js';
import {
  applyAugmentation, diffAugment, drawAugmentation, DEFAULT_DSA_PARAMS, strategyFor, strategyForDataset, parseStrategy, type AugmentationDraw,
} from '../src/nn/augment/index.js';
import { createModel } from '../src/nn/models/index.js';

const be = cpuBackend();
const batch = (shape: number[], seed: number) => randomNormal(shape, { seed, backend: be });
const arr = async (t: Tensor) => Array.from(await t.data());
const maxDiff = (a: number[], b: number[]) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('DSA semantics', () => {
  it('flip twice is the identity and flips only the chosen samples', async () => {
    const x = batch([3, 2, 5, 6], 1);
    const d: AugmentationDraw = { family: 'flip', flip: [true, false, true] };
    const once = await arr(applyAugmentation(x, d));
    expect(maxDiff(await arr(applyAugmentation(applyAugmentation(x, d), d)), await arr(x))).toBe(0);
    const xs = await arr(x);
    expect(once[5]).toBe(xs[0]); // sample 0, row 0: column 0 lands in column 5
    expect(once[60 + 5]).toBe(xs[60 + 5]); // sample 1 untouched
  });

  it('zero shift, unit scale and zero rotation are the identity (atol 1e-7)', async () => {
    const x = batch([2, 3, 7, 9], 2);
    const xs = await arr(x);
    for (const d of [
      { family: 'crop', shiftH: [0, 0], shiftW: [0, 0] },
      { family: 'scale', scaleX: [1, 1], scaleY: [1, 1] },
      { family: 'rotate', radians: [0, 0] },
    ] as AugmentationDraw[]) {
      expect(maxDiff(await arr(applyAugmentation(x, d)), xs), d.family).toBeLessThan(1e-7);
    }
  });

  it('a quarter turn of a square image is an exact rot90 (align_corners=True)', async () => {
    const x = batch([1, 1, 5, 5], 3);
    const xs = await arr(x);
    const y = await arr(applyAugmentation(x, { family: 'rotate', radians: [Math.PI / 2] }));
    // theta = [[0, -1], [1, 0]]: output (i, j) samples input column x = -yn, row y = xn, i.e. (j, 4 - i).
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expect(y[i * 5 + j]).toBeCloseTo(xs[j * 5 + (4 - i)], 6);
  });

  it('brightness shifts the mean; contrast and saturation keep it', async () => {
    const x = batch([2, 3, 6, 6], 4);
    const m0 = await arr(mean(x, [1, 2, 3]));
    const m1 = await arr(mean(applyAugmentation(x, { family: 'color', brightness: [0.3, -0.2], saturation: [1.7, 0.4], contrast: [0.6, 1.3] }), [1, 2, 3]));
    expect(m1[0] - m0[0]).toBeCloseTo(0.3, 10);
    expect(m1[1] - m0[1]).toBeCloseTo(-0.2, 10);
  });

  it('cutout zeroes the clipped square and nothing else', async () => {
    const x = add(batch([2, 1, 8, 8], 5), 10); // no accidental zeros
    const y = await arr(applyAugmentation(x, { family: 'cutout', centerH: [4, 0], centerW: [4, 7], sizeH: 4, sizeW: 4, }));
    expect(y.slice(0, 64).filter((v) => v === 0).length).toBe(16); // rows 2..5 x cols 2..5
    expect(y.slice(64).filter((v) => v === 0).length).toBe(2 * 3); // rows 0..1 x cols 5..7
  });
});

describe('DSA draws', () => {
  const all = parseStrategy('color_crop_cutout_flip_scale_rotate');

  it('the same seed replays the same augmentation; families are chosen uniformly', async () => {
    const x = batch([4, 3, 8, 8], 6);
    expect(await arr(diffAugment(x, 77))).toEqual(await arr(diffAugment(x, 77)));
    const counts = new Map<string, number>();
    for (let s = 0; s < 3000; s++) {
      const f = drawAugmentation(s, 1, 32, 32, all, DEFAULT_DSA_PARAMS).family;
      counts.set(f, (counts.get(f) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const c of counts.values()) expect(Math.abs(c - 500)).toBeLessThan(100); // ~4.9 sigma
  });

  it('per-sample parameters lie in the reference ranges (32 px: shift <= 4, cutout 16)', () => {
    let sawCrop = false;
    for (let s = 0; s < 200; s++) {
      const d = drawAugmentation(s, 64, 32, 32, all, DEFAULT_DSA_PARAMS);
      if (d.family === 'crop') {
        sawCrop = true;
        for (const v of [...d.shiftH, ...d.shiftW]) expect(Math.abs(v)).toBeLessThanOrEqual(4);
        expect(new Set(d.shiftH).size).toBeGreaterThan(5); // per sample, not per batch
      }
      if (d.family === 'scale') for (const v of [...d.scaleX, ...d.scaleY]) expect(v >= 1 / 1.2 && v <= 1.2).toBe(true);
      if (d.family === 'rotate') for (const v of d.radians) expect(Math.abs(v)).toBeLessThanOrEqual((15 * Math.PI) / 180);
      if (d.family === 'cutout') expect([d.sizeH, d.sizeW]).toEqual([16, 16]);
    }
    expect(sawCrop).toBe(true);
  });

  it('digit datasets get no flip', () => {
    expect(strategyForDataset('mnist')).not.toContain('flip');
    expect(strategyForDataset('cifar10')).toContain('flip');
    expect(strategyFor({ flip: false })).toEqual(['color', 'crop', 'cutout', 'scale', 'rotate']);
    expect(() => parseStrategy('color_blur')).toThrow(/unknown DSA family 'blur'/);
  });
});

describe('DSA gradients', () => {
  const draws: AugmentationDraw[] = [
    { family: 'color', brightness: [0.2, -0.1], saturation: [1.3, 0.5], contrast: [0.9, 1.2] },
    { family: 'crop', shiftH: [2, -1], shiftW: [-3, 0] },
    { family: 'cutout', centerH: [1, 4], centerW: [5, 2], sizeH: 3, sizeW: 3 },
    { family: 'flip', flip: [true, false] },
    { family: 'scale', scaleX: [0.9, 1.15], scaleY: [1.1, 0.87] },
    { family: 'rotate', radians: [0.2, -0.24] },
  ];
  for (const d of draws) {
    it(`${d.family}: d<w, aug(x)>/dx matches finite differences (rel 1e-8)`, async () => {
      const x = requiresGrad(batch([2, 3, 6, 7], 8));
      const w = batch([2, 3, 6, 7], 9);
      const u = batch([2, 3, 6, 7], 10);
      const f = (t: Tensor) => sum(mul(w, applyAugmentation(t, d)));
      const [g] = grad(f(x), [x]);
      const analytic = (await arr(sum(mul(g, u))))[0];
      const eps = 1e-4; // every family is affine in x, so the central difference is exact up to rounding
      const fd = ((await arr(tidy(() => f(add(x, mul(u, eps))))))[0] - (await arr(tidy(() => f(add(x, mul(u, -eps))))))[0]) / (2 * eps);
      expect(Math.abs(analytic - fd)).toBeLessThan(1e-8 * Math.max(1, Math.abs(fd)));
    });
  }

  it('second order through a model: d<g_flat, v>/dx of the augmented batch (rel 1e-5)', async () => {
    const m = createModel('convnet', { channels: 1, height: 8, width: 8, numClasses: 3, netWidth: 3, depth: 1 });
    const flat = requiresGrad(m.init(2, be));
    const labels = tensor([0, 2], [2], { dtype: 'i32', backend: be });
    const v = batch([m.numParams], 11);
    const u = batch([2, 1, 8, 8], 12);
    const d: AugmentationDraw = { family: 'rotate', radians: [0.15, -0.2] };
    const gv = (x: Tensor, createGraph: boolean) => {
      const [g] = grad(crossEntropy(m.forward(flat, applyAugmentation(x, d)), labels), [flat], { createGraph });
      return sum(mul(g, v));
    };
    const x = requiresGrad(batch([2, 1, 8, 8], 13));
    const [h] = grad(gv(x, true), [x]);
    const analytic = (await arr(sum(mul(h, u))))[0];
    const eps = 1e-6;
    const fd = ((await arr(tidy(() => gv(add(x, mul(u, eps)).detach(), false))))[0] - (await arr(tidy(() => gv(add(x, mul(u, -eps)).detach(), false))))[0]) / (2 * eps);
    expect(Math.abs(analytic - fd)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
  });
});
