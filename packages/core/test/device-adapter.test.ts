// The device layer on this project's GPU-less machines: it must come up on Mesa llvmpipe, say that
// the adapter is a CPU one, hand out the adapter's limits, and fail loudly (with the list of adapters)
// when the user forces a backend or adapter that does not exist.
import { afterEach, describe, expect, it } from 'vitest';
import { createGpuContext, listAdapters, selectAdapter } from '../src/index.js';

const ENV_KEYS = ['PAD_GPU_BACKEND', 'PAD_GPU_ADAPTER'] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

afterEach(() => {
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

describe('device selection', () => {
  it('comes up and reports a CPU adapter (llvmpipe) with the adapter limits it asked for', async () => {
    for (const k of ENV_KEYS) delete process.env[k];
    const ctx = await createGpuContext();
    try {
      expect(ctx.description.isCpu).toBe(true);
      expect(`${ctx.description.device} ${ctx.description.description}`).toMatch(/llvmpipe/i);
      expect(ctx.description.backend).toMatch(/^opengl/);
      // PLATFORM.md: WebGPU's default limits are far below llvmpipe's; the device must get the adapter's.
      const adapterLimits = ctx.adapter.limits;
      expect(ctx.limits.maxStorageBufferBindingSize).toBe(adapterLimits.maxStorageBufferBindingSize);
      expect(ctx.limits.maxStorageBufferBindingSize).toBeGreaterThan(128 * 1024 * 1024 - 1);
      expect(ctx.limits.maxComputeInvocationsPerWorkgroup).toBe(adapterLimits.maxComputeInvocationsPerWorkgroup);
      expect(ctx.limits.maxStorageBuffersPerShaderStage).toBe(adapterLimits.maxStorageBuffersPerShaderStage);
      expect(ctx.features).toEqual([...ctx.features].sort());
    } finally {
      ctx.destroy();
    }
  });

  it('lists the llvmpipe adapter among all adapters', async () => {
    const all = await listAdapters();
    expect(all.some((a) => a.isCpu && /llvmpipe/i.test(a.device))).toBe(true);
    expect(all.every((a) => a.backend !== 'native')).toBe(true);
  });

  it('finds an adapter by a part of its name, case-insensitively', async () => {
    const { description } = await selectAdapter({ adapter: 'LLVMPIPE' });
    expect(description.device).toMatch(/llvmpipe/);
  });

  it('fails with the list of adapters for an adapter name that matches nothing', async () => {
    const err = await selectAdapter({ adapter: 'no-such-gpu' }).then(() => null, (e: Error) => e);
    expect(err?.message).toContain("adapter matching 'no-such-gpu'");
    expect(err?.message).toContain('Adapters on this machine:');
    expect(err?.message).toMatch(/- .*llvmpipe.*\[opengl, compatibility, CPU\]/);
  });

  it('fails with the list of adapters for a backend this OS does not have (metal on Linux)', async () => {
    const err = await createGpuContext({ backend: 'metal' }).then(() => null, (e: Error) => e);
    expect(err?.message).toContain("No WebGPU adapter found for backend 'metal'");
    expect(err?.message).toMatch(/- .*llvmpipe/);
  });

  it('honours PAD_GPU_BACKEND and PAD_GPU_ADAPTER from the environment', async () => {
    process.env.PAD_GPU_BACKEND = 'metal';
    await expect(selectAdapter()).rejects.toThrow(/backend 'metal'[\s\S]*llvmpipe/);
    delete process.env.PAD_GPU_BACKEND;
    process.env.PAD_GPU_ADAPTER = 'no-such-gpu';
    await expect(selectAdapter()).rejects.toThrow(/'no-such-gpu'[\s\S]*Adapters on this machine/);
    process.env.PAD_GPU_ADAPTER = '';
    process.env.PAD_GPU_BACKEND = 'opengles';
    const { description } = await selectAdapter();
    expect(description.backend).toBe('opengles');
  });

  it('rejects a backend name that is not a WebGPU backend, naming the valid ones', async () => {
    const err = await selectAdapter({ backend: 'cuda' as never }).then(() => null, (e: Error) => e);
    expect(err?.message).toContain("'cuda' is not a WebGPU backend (one of vulkan, metal, d3d12, opengl, opengles)");
    expect(err?.message).toContain('Adapters on this machine:');
  });
});
