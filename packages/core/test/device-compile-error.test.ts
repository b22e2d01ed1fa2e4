// A kernel whose WGSL does not compile must fail with the compiler's message and the kernel's name,
// both when compiled ahead (PipelineCache.getAsync, used for warm-up) and when compiled lazily by a
// dispatch and only noticed at the next readback. Afterwards the device must still work.
import type { KernelSpec } from '@pad-gpu/kernels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebGpuBackend, add, tensor, webgpuBackend } from '../src/index.js';
import { bufferOf, newStorage } from '../src/backend/webgpu/gpu-storage.js';

// `let y = ;` is a syntax error; Tint reports "missing initializer for 'let' declaration" at 4:11.
const broken = (name: string): KernelSpec => ({
  name,
  code: `@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let y = ;
  out[id.x] = 1.0;
}`,
  bindings: ['read_write'],
  uniforms: [],
  workgroupSize: [64, 1, 1],
});

let be: WebGpuBackend;
beforeAll(async () => {
  be = await webgpuBackend();
});
afterAll(() => be.ctx.destroy());

describe('WGSL compile errors', () => {
  it('getAsync rejects with the compiler message, the line and the kernel name', async () => {
    const err = await be.ctx.pipelines.getAsync(broken('broken_ahead')).then(() => null, (e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err?.message).toContain("kernel 'broken_ahead' failed to compile");
    expect(err?.message).toContain("missing initializer for 'let' declaration");
    expect(err?.message).toMatch(/line 4:11/);
  });

  it('a lazy dispatch of a broken kernel fails at the readback with the compiler message', async () => {
    const out = newStorage(be, 64, 'f32');
    be.stream.dispatch(broken('broken_lazy'), [bufferOf(out)], null, [1, 1, 1]);
    const err = await be.read(out).then(() => null, (e: Error) => e);
    out.release();
    expect(err?.message).toContain("kernel 'broken_lazy' failed to compile");
    expect(err?.message).toContain("missing initializer for 'let' declaration");
  });

  it('the device keeps working after a compile error (no stale error at the next readback)', async () => {
    const a = tensor([1, 2, 3], [3], { backend: be });
    const b = tensor([0.5, 0.25, 0.125], [3], { backend: be });
    const c = add(a, b);
    expect(Array.from(await c.toArray())).toEqual([1.5, 2.25, 3.125]);
    await be.sync();
    for (const t of [a, b, c]) t.dispose();
  });
});
