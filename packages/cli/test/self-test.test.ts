// The self-test must pass on a correct backend (this machine's llvmpipe and the float64 CPU oracle),
// and must catch a backend that computes wrong values or throws, without leaking tensors.
import { type Backend, CpuBackend, cpuBackend, liveStorageStats, webgpuBackend } from '@pad-gpu/core';
import { describe, expect, it } from 'vitest';
import { runSelfTest } from '../src/self-test.js';

/** A CPU backend with one primitive replaced: a stand-in for a broken driver or kernel. */
function brokenBackend(patch: Partial<Backend>): Backend {
  return Object.assign(new CpuBackend(), patch);
}

describe('self-test', () => {
  it('passes on the WebGPU device of this machine with f32-sized errors', async () => {
    const be = await webgpuBackend();
    const before = liveStorageStats().storages;
    const r = await runSelfTest(be);
    expect(r.error).toBeUndefined();
    expect(r.pass).toBe(true);
    expect(r.checks.map((c) => [c.name, c.elements])).toEqual([
      ['add', 4099],
      ['add broadcast', 4087],
      ['exp', 4099],
      ['sum rows', 37],
      ['sum columns', 1109],
    ]);
    for (const c of r.checks) {
      expect(c.failures).toBe(0);
      // Measured on llvmpipe: at most ~4e-7; the checks allow 1e-6 to 1e-5.
      expect(c.maxRelError).toBeLessThan(2e-6);
    }
    expect(liveStorageStats().storages).toBe(before);
    be.ctx.destroy();
  });

  it('passes on the float64 CPU backend (exact for add)', async () => {
    const r = await runSelfTest(cpuBackend());
    expect(r.pass).toBe(true);
    expect(r.checks[0].maxAbsError).toBe(0);
  });

  it('fails, counting the wrong values, when a kernel computes garbage', async () => {
    // exp that is off by 0.1% (far outside the 1e-5 relative tolerance).
    const be: Backend = brokenBackend({
      unary(op, x) {
        const y = CpuBackend.prototype.unary.call(be, op, x);
        const off = be.binaryScalar('mul', y, 1.001, false);
        y.release();
        return off;
      },
    });
    const before = liveStorageStats().storages;
    const r = await runSelfTest(be);
    expect(r.error).toBeUndefined();
    expect(r.pass).toBe(false);
    const exp = r.checks.find((c) => c.name === 'exp');
    expect(exp?.pass).toBe(false);
    expect(exp?.failures).toBe(exp?.elements);
    expect(exp?.maxRelError).toBeCloseTo(1e-3, 6);
    expect(r.checks.filter((c) => c.name.startsWith('add')).every((c) => c.pass)).toBe(true);
    expect(liveStorageStats().storages).toBe(before);
  });

  it('fails with the error, naming the check, when a kernel throws', async () => {
    const be = brokenBackend({
      binary: () => {
        throw new Error("kernel 'binary' failed to compile: boom");
      },
    });
    const r = await runSelfTest(be);
    expect(r.pass).toBe(false);
    expect(r.error).toBe("add: kernel 'binary' failed to compile: boom");
  });
});
