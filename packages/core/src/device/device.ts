import { PipelineCache } from '@pad-gpu/kernels';
import { type AdapterDescription } from './adapter-info.js';
import { type AdapterChoice, selectAdapter } from './select-adapter.js';

/** A WebGPU failure reported asynchronously (validation, out-of-memory, device loss), rethrown at a sync point. */
export class GpuError extends Error {
  constructor(message: string, readonly kind: 'validation' | 'out-of-memory' | 'internal' | 'device-lost') {
    super(message);
    this.name = 'GpuError';
  }
}

/** Limits worth asking for: everything the adapter offers (WebGPU's defaults are far below llvmpipe's). */
const WANTED_FEATURES: GPUFeatureName[] = ['timestamp-query'];

/**
 * One WebGPU device with its pipeline cache and error bookkeeping. WebGPU reports most failures
 * asynchronously; they are queued here and thrown by `check()` (called at every readback), each with
 * the label of the kernel or buffer involved, so no failure is silent and nothing waits forever.
 */
export class GpuContext {
  readonly pipelines: PipelineCache;
  private readonly errors: GpuError[] = [];
  lost: GpuError | null = null;

  constructor(
    readonly device: GPUDevice,
    readonly adapter: GPUAdapter,
    readonly description: AdapterDescription,
  ) {
    this.pipelines = new PipelineCache(device);
    device.addEventListener('uncapturederror', (ev) => {
      const e = (ev as GPUUncapturedErrorEvent).error;
      const kind = e.constructor?.name === 'GPUOutOfMemoryError' ? 'out-of-memory' : e.constructor?.name === 'GPUInternalError' ? 'internal' : 'validation';
      this.errors.push(new GpuError(`WebGPU ${kind} error: ${e.message}`, kind));
    });
    void device.lost.then((info) => {
      if (info.reason !== 'destroyed') this.lost = new GpuError(`WebGPU device lost (${info.reason}): ${info.message}`, 'device-lost');
    });
  }

  get limits(): GPUSupportedLimits {
    return this.device.limits;
  }

  get features(): string[] {
    return [...this.device.features].sort();
  }

  /** Throws if the device was lost; cheap, called before encoding work. */
  assertAlive(): void {
    if (this.lost) throw this.lost;
  }

  /** Throws the first asynchronous error collected so far (kernel compile errors included). */
  async check(): Promise<void> {
    this.assertAlive();
    try {
      await this.pipelines.checkErrors();
    } catch (compileError) {
      // Dispatches of the broken pipeline also raised "invalid pipeline" validation errors; they are
      // consequences of this compile error and must not resurface at the next, unrelated sync point.
      this.errors.length = 0;
      throw compileError;
    }
    const e = this.errors.shift();
    if (e) {
      this.errors.length = 0;
      throw e;
    }
  }

  destroy(): void {
    this.device.destroy();
  }
}

export interface DeviceOptions extends AdapterChoice {}

export async function createGpuContext(options: DeviceOptions = {}): Promise<GpuContext> {
  const { adapter, description } = await selectAdapter(options);
  const requiredLimits: Record<string, number> = {};
  const limits = adapter.limits as unknown as Record<string, number>;
  for (const key in limits) {
    const v = limits[key];
    if (typeof v === 'number') requiredLimits[key] = v;
  }
  const requiredFeatures = WANTED_FEATURES.filter((f) => adapter.features.has(f));
  const device = await adapter.requestDevice({ requiredLimits, requiredFeatures, label: 'pad-gpu' });
  return new GpuContext(device, adapter, description);
}
