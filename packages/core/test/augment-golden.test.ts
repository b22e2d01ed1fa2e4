// DSA families against PyTorch (scripts/reference/dsa_golden.py): F.affine_grid + F.grid_sample with
// align_corners=True for scale and rotate, and the reference's pad-and-clamp indexing for crop and
// cutout, on a non-square 3-channel batch and a 1-channel one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpuBackend, randomUniform } from '../src/index.js';
import { applyAugmentation, type AugmentationDraw } from '../src/nn/augment/index.js';

interface Case {
  shape: [number, number, number, number];
  seed: number;
  draw: AugmentationDraw;
  out: number[];
}
const cases: Case[] = JSON.parse(readFileSync(new URL('../../../scripts/reference/golden/dsa.json', import.meta.url), 'utf8'));

describe('DSA matches the reference', () => {
  const be = cpuBackend();
  for (const c of cases) {
    // Bilinear weights are stored in f32 (relative rounding 6e-8 on values of magnitude <= 1).
    it(`${c.draw.family} on [${c.shape}] (atol 1e-6)`, async () => {
      const x = randomUniform(c.shape, { seed: c.seed, backend: be, low: -1, high: 1 });
      const y = await applyAugmentation(x, c.draw).data();
      expect(y.length).toBe(c.out.length);
      let worst = 0;
      c.out.forEach((v, i) => (worst = Math.max(worst, Math.abs(y[i] - v))));
      expect(worst).toBeLessThan(1e-6);
    });
  }
});
