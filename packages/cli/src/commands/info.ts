import { type AdapterDescription, type WebGpuBackend, adapterLabel, listAdapters, webgpuBackend } from '@pad-gpu/core';
import { defineCommand } from '../command.js';
import { deviceFlags, deviceOptions } from '../device-flags.js';
import { type SelfTestResult, runSelfTest } from '../self-test.js';
import { renderAdapterList, renderInfo } from './info-render.js';

/** The limits that decide what fits: buffer sizes for big tensors, workgroup shape for kernels. */
export const KEY_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupsPerDimension',
] as const;

export interface InfoReport {
  ok: boolean;
  backend?: string;
  featureLevel?: string;
  adapter?: AdapterDescription & { label: string };
  isCpu?: boolean;
  limits?: Record<string, number>;
  /** What the adapter offers (sorted). */
  features?: string[];
  /** What the device was created with (the subset pad-gpu asks for). */
  enabledFeatures?: string[];
  selfTest?: SelfTestResult;
  /** Why the device could not be created. */
  error?: string;
}

async function gather(be: WebGpuBackend): Promise<InfoReport> {
  const { description } = be.ctx;
  const all = be.ctx.limits as unknown as Record<string, number>;
  const limits = Object.fromEntries(KEY_LIMITS.map((k) => [k, all[k]]));
  const selfTest = await runSelfTest(be);
  return {
    ok: selfTest.pass,
    backend: description.backend,
    featureLevel: description.featureLevel,
    adapter: { ...description, label: adapterLabel(description) },
    isCpu: description.isCpu,
    limits,
    features: [...be.ctx.adapter.features].sort(),
    enabledFeatures: be.ctx.features,
    selfTest,
  };
}

export default defineCommand({
  name: 'info',
  summary: 'show the WebGPU device, its limits and features, and run a self-test',
  description:
    'Shows the WebGPU adapter pad-gpu would use (backend, name, whether it is a CPU/software adapter), its key ' +
    'limits and features, and runs a self-test: a few kernels on random data checked against JavaScript. ' +
    'Exits 0 only when the self-test passes.',
  flags: {
    json: { type: 'boolean', description: 'print one JSON object instead of text' },
    list: { type: 'boolean', description: 'list every adapter on this machine instead (exit 1 if there is none)' },
    ...deviceFlags,
  },
  examples: ['info', 'info --json', 'info --list', 'info --backend opengles', 'info --adapter llvmpipe'],
  async run({ flags }, io) {
    if (flags.list) {
      const adapters = (await listAdapters()).map((a) => ({ ...a, label: adapterLabel(a) }));
      io.out(flags.json ? JSON.stringify({ ok: adapters.length > 0, adapters }, null, 2) : renderAdapterList(adapters));
      return adapters.length > 0 ? 0 : 1;
    }
    let report: InfoReport;
    let be: WebGpuBackend | undefined;
    try {
      be = await webgpuBackend(deviceOptions(flags));
      report = await gather(be);
    } catch (e) {
      report = { ok: false, error: e instanceof Error ? e.message : String(e) };
    } finally {
      // Destroying the device lets the process exit promptly instead of waiting on Dawn.
      be?.ctx.destroy();
    }
    io.out(flags.json ? JSON.stringify(report, null, 2) : renderInfo(report));
    return report.ok ? 0 : 1;
  },
});
