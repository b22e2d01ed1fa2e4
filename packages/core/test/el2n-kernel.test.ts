import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend, randomNormal, tensor, type WebGpuBackend, webgpuBackend } from '../src/index.js';
import { el2nScores } from '../src/distill/fused/el2n.js';

const cpu = cpuBackend();
let gpu: WebGpuBackend;
beforeAll(async () => {
  gpu = await webgpuBackend();
});
afterAll(async () => {
  await gpu.sync();
});

describe('el2n kernel', () => {
  it('cpu: matches the definition on a hand-checked row', async () => {
    const logits = tensor([0, Math.log(3), 5, 5], [2, 2], { backend: cpu });
    const labels = tensor(Int32Array.of(1, 0), [2], { backend: cpu });
    const s = await el2nScores(logits, labels).data();
    // softmax([0, ln 3]) = [1/4, 3/4]; minus onehot(1): [1/4, -1/4] -> sqrt(1/8).
    expect(s[0]).toBeCloseTo(Math.sqrt(1 / 8), 12);
    expect(s[1]).toBeCloseTo(Math.sqrt(0.5), 12);
  });

  for (const [n, classes] of [[1, 2], [300, 10], [1031, 100], [517, 200]] as const) {
    it(`webgpu matches cpu: n=${n} classes=${classes}`, async () => {
      const values = Float32Array.from(await randomNormal([n, classes], { seed: n + classes, backend: cpu, std: 4 }).data());
      const labels = Int32Array.from({ length: n }, (_, i) => (i * 7919) % classes);
      const c = await el2nScores(tensor(values, [n, classes], { backend: cpu }), tensor(labels, [n], { backend: cpu })).data();
      const g = await el2nScores(tensor(values, [n, classes], { backend: gpu }), tensor(labels, [n], { backend: gpu })).data();
      // f32 exp has ~1e-6 relative error (PLATFORM.md); scores lie in [0, sqrt 2].
      for (let i = 0; i < n; i++) expect(Math.abs(g[i] - c[i])).toBeLessThan(2e-6);
    });
  }

  it('checks shapes and dtypes, naming them', () => {
    const l = tensor([1, 2], [1, 2], { backend: cpu });
    expect(() => el2nScores(l, tensor([0, 1], [2], { dtype: 'i32', backend: cpu }))).toThrow(/labels must be i32 \[1\]/);
    expect(() => el2nScores(l, tensor([0], [1], { backend: cpu }))).toThrow(/i32/);
  });
});
