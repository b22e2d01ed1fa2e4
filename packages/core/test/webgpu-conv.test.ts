import { describe, expect, it } from 'vitest';
import { cpuBackend, webgpuBackend, type Conv2dParams } from '../src/index.js';

describe('scratch conv', () => {
  it('runs', async () => {
    const tb = performance.now();
    const gpu = await webgpuBackend();
    console.log('backend', performance.now() - tb);
    const cpu = cpuBackend();
    for (const [n, cIn, h, w, cOut, k, s, pad, extra] of [[2, 3, 9, 7, 5, 3, 1, 1, 0], [3, 5, 11, 8, 6, 3, 2, 2, 1], [1, 1, 1, 1, 1, 1, 1, 0, 0], [7, 3, 5, 6, 9, 2, 2, 3, 2]]) {
      const outH = Math.floor((h + 2 * pad - k) / s) + 1 + extra;
      const outW = Math.floor((w + 2 * pad - k) / s) + 1;
      const p: Conv2dParams = { n, cIn, h, w, cOut, kh: k, kw: k, strideH: s, strideW: s, padH: pad, padW: pad, outH, outW };
      const x = Array.from({ length: n * cIn * h * w }, () => Math.random() - 0.5);
      const wt = Array.from({ length: cOut * cIn * k * k }, () => Math.random() - 0.5);
      const dy = Array.from({ length: n * cOut * outH * outW }, () => Math.random() - 0.5);
      const cmp = async (name: string, f: (be: any) => any) => {
        const t0 = performance.now();
        const ref = await cpu.read(f(cpu));
        const got = await gpu.read(f(gpu));
        let err = 0;
        for (let i = 0; i < ref.length; i++) err = Math.max(err, Math.abs(ref[i] - got[i]));
        console.log(name, JSON.stringify(p), err, (performance.now() - t0).toFixed(0) + 'ms');
        expect(got.length).toBe(ref.length);
        expect(err).toBeLessThan(1e-4);
      };
      await cmp('fwd', (be) => be.conv2d(be.fromData(x, 'f32'), be.fromData(wt, 'f32'), p));
      await cmp('dx', (be) => be.conv2dInputGrad(be.fromData(dy, 'f32'), be.fromData(wt, 'f32'), p));
      await cmp('dw', (be) => be.conv2dWeightGrad(be.fromData(x, 'f32'), be.fromData(dy, 'f32'), p));
    }
  });
});
