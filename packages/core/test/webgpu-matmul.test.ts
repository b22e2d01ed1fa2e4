import { describe, expect, it } from 'vitest';
import { cpuBackend, webgpuBackend, type MatmulParams } from '../src/index.js';

describe('scratch', () => {
  it('runs', async () => {
    const gpu = await webgpuBackend();
    const cpu = cpuBackend();
    const p: MatmulParams = { batch: 1, m: 64, n: 64, k: 64, transA: false, transB: false, strideA: 0, strideB: 0 };
    const a = Array.from({ length: 64 * 64 }, () => Math.random() - 0.5);
    const b = Array.from({ length: 64 * 64 }, () => Math.random() - 0.5);
    const ref = await cpu.read(cpu.matmul(cpu.fromData(a, 'f32'), cpu.fromData(b, 'f32'), p));
    const got = await gpu.read(gpu.matmul(gpu.fromData(a, 'f32'), gpu.fromData(b, 'f32'), p));
    let err = 0;
    for (let i = 0; i < ref.length; i++) err = Math.max(err, Math.abs(ref[i] - got[i]));
    expect(err).toBeLessThan(1e-4);
  });
});
