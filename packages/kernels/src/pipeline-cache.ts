import type { KernelSpec } from './spec.js';

/** A compile or validation failure of one kernel, carrying the WGSL compiler's messages. */
export class KernelCompileError extends Error {
  constructor(readonly kernel: string, readonly messages: string) {
    super(`kernel '${kernel}' failed to compile:\n${messages}`);
    this.name = 'KernelCompileError';
  }
}

export type Overrides = Record<string, number>;

function cacheKey(spec: KernelSpec, overrides?: Overrides): string {
  if (!overrides) return spec.name;
  const parts = Object.keys(overrides).sort().map((k) => `${k}=${overrides[k]}`);
  return `${spec.name}|${parts.join(',')}`;
}

/**
 * Compiled pipelines keyed by (kernel, specialisation). `get` compiles synchronously on a miss, so the
 * lazy op stream never waits; `getAsync` compiles off-thread and de-duplicates compiles already in
 * flight (warm-up). Compile errors surface asynchronously on WebGPU, so they are collected and thrown
 * by `checkErrors()` at the next sync point, and thrown directly by `getAsync`.
 */
export class PipelineCache {
  private readonly ready = new Map<string, GPUComputePipeline>();
  private readonly inFlight = new Map<string, Promise<GPUComputePipeline>>();
  private readonly pendingChecks: Promise<KernelCompileError | null>[] = [];
  private readonly layouts = new Map<string, GPUBindGroupLayout>();
  compiles = 0;

  constructor(private readonly device: GPUDevice) {}

  get size(): number {
    return this.ready.size;
  }

  get(spec: KernelSpec, overrides?: Overrides): GPUComputePipeline {
    const key = cacheKey(spec, overrides);
    const hit = this.ready.get(key);
    if (hit) return hit;
    this.device.pushErrorScope('validation');
    const module = this.device.createShaderModule({ code: spec.code, label: spec.name });
    const pipeline = this.device.createComputePipeline(this.descriptor(spec, module, key, overrides));
    this.pendingChecks.push(
      this.device.popErrorScope().then((err) => (err ? this.describe(spec, module, err.message) : null)),
    );
    this.compiles++;
    this.ready.set(key, pipeline);
    return pipeline;
  }

  getAsync(spec: KernelSpec, overrides?: Overrides): Promise<GPUComputePipeline> {
    const key = cacheKey(spec, overrides);
    const hit = this.ready.get(key);
    if (hit) return Promise.resolve(hit);
    const flying = this.inFlight.get(key);
    if (flying) return flying;
    const promise = (async () => {
      this.device.pushErrorScope('validation');
      const module = this.device.createShaderModule({ code: spec.code, label: spec.name });
      const scope = this.device.popErrorScope();
      try {
        const pipeline = await this.device.createComputePipelineAsync(this.descriptor(spec, module, key, overrides));
        const err = await scope;
        if (err) throw await this.describe(spec, module, err.message);
        this.compiles++;
        this.ready.set(key, pipeline);
        return pipeline;
      } catch (e) {
        await scope;
        if (e instanceof KernelCompileError) throw e;
        throw await this.describe(spec, module, e instanceof Error ? e.message : String(e));
      } finally {
        this.inFlight.delete(key);
      }
    })();
    this.inFlight.set(key, promise);
    return promise;
  }

  /** Throws the first compile error collected since the last check. */
  async checkErrors(): Promise<void> {
    if (this.pendingChecks.length === 0) return;
    const checks = this.pendingChecks.splice(0);
    const errors = (await Promise.all(checks)).filter((e): e is KernelCompileError => e !== null);
    if (errors.length > 0) {
      for (const e of errors) this.forget(e.kernel);
      throw errors[0];
    }
  }

  private forget(kernel: string): void {
    for (const key of [...this.ready.keys()]) if (key === kernel || key.startsWith(`${kernel}|`)) this.ready.delete(key);
  }

  private descriptor(spec: KernelSpec, module: GPUShaderModule, key: string, overrides?: Overrides): GPUComputePipelineDescriptor {
    return {
      label: key,
      layout: this.device.createPipelineLayout({ bindGroupLayouts: [this.layout(spec)] }),
      compute: { module, entryPoint: spec.entryPoint ?? 'main', constants: overrides },
    };
  }

  /** Explicit layouts let a bind group omit nothing and keep binding kinds checked against the spec. */
  layout(spec: KernelSpec): GPUBindGroupLayout {
    let layout = this.layouts.get(spec.name);
    if (!layout) {
      layout = this.device.createBindGroupLayout({
        label: spec.name,
        entries: spec.bindings.map((kind, binding) => ({
          binding,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type: kind === 'uniform' ? 'uniform' : kind === 'read' ? 'read-only-storage' : 'storage' },
        })),
      });
      this.layouts.set(spec.name, layout);
    }
    return layout;
  }

  private async describe(spec: KernelSpec, module: GPUShaderModule, fallback: string): Promise<KernelCompileError> {
    let messages = fallback;
    try {
      const info = await module.getCompilationInfo();
      const lines = info.messages.map((m) => `  ${m.type} at line ${m.lineNum}:${m.linePos}: ${m.message}`);
      if (lines.length > 0) messages = `${lines.join('\n')}\n  (${fallback.split('\n')[0]})`;
    } catch {
      // getCompilationInfo is optional on some implementations: keep the validation message.
    }
    return new KernelCompileError(spec.name, messages);
  }
}
