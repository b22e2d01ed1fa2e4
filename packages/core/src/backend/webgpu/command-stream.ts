import { type KernelSpec, type Overrides, type UniformValues, packUniforms } from '@pad-gpu/kernels';
import type { GpuContext } from '../../device/device.js';
import { BufferPool } from './buffer-pool.js';

/**
 * Encodes dispatches into one command encoder and submits in batches: one dispatch costs ~57 µs on
 * llvmpipe and a submit round trip ~190 µs (PLATFORM.md), so work is submitted only at a readback or
 * every `maxDispatches` dispatches. Nothing here waits on the GPU.
 */
export class CommandStream {
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private dispatches = 0;
  totalDispatches = 0;
  submits = 0;
  readonly storagePool: BufferPool;
  private readonly uniformPool: BufferPool;

  constructor(
    readonly ctx: GpuContext,
    readonly maxDispatches = 128,
  ) {
    const U = GPUBufferUsage;
    this.storagePool = new BufferPool(ctx.device, U.STORAGE | U.COPY_SRC | U.COPY_DST, 'storage');
    this.uniformPool = new BufferPool(ctx.device, U.UNIFORM | U.COPY_DST, 'uniform');
  }

  private get device(): GPUDevice {
    return this.ctx.device;
  }

  private ensureEncoder(): GPUCommandEncoder {
    this.ctx.assertAlive();
    this.encoder ??= this.device.createCommandEncoder({ label: 'pad-gpu' });
    return this.encoder;
  }

  dispatch(spec: KernelSpec, buffers: readonly GPUBuffer[], uniforms: UniformValues | null, grid: readonly [number, number, number], overrides?: Overrides): void {
    const pipeline = this.ctx.pipelines.get(spec, overrides);
    const entries: GPUBindGroupEntry[] = buffers.map((buffer, binding) => ({ binding, resource: { buffer } }));
    if (spec.uniforms.length > 0) {
      if (!uniforms) throw new Error(`kernel ${spec.name}: uniforms missing`);
      const data = packUniforms(spec, uniforms);
      const ub = this.uniformPool.acquire(data.byteLength);
      this.device.queue.writeBuffer(ub, 0, data);
      entries.push({ binding: buffers.length, resource: { buffer: ub, size: data.byteLength } });
      this.uniformPool.release(ub);
    }
    if (entries.length !== spec.bindings.length) throw new Error(`kernel ${spec.name}: ${entries.length} bindings given, ${spec.bindings.length} declared`);
    const bindGroup = this.device.createBindGroup({ layout: this.ctx.pipelines.layout(spec), entries, label: spec.name });
    if (!this.pass) this.pass = this.ensureEncoder().beginComputePass({ label: 'pad-gpu' });
    this.pass.setPipeline(pipeline);
    this.pass.setBindGroup(0, bindGroup);
    this.pass.dispatchWorkgroups(grid[0], grid[1], grid[2]);
    this.dispatches++;
    this.totalDispatches++;
    if (this.dispatches >= this.maxDispatches) this.submit();
  }

  copy(src: GPUBuffer, dst: GPUBuffer, bytes: number, srcOffset = 0, dstOffset = 0): void {
    this.endPass();
    this.ensureEncoder().copyBufferToBuffer(src, srcOffset, dst, dstOffset, bytes);
  }

  private endPass(): void {
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
  }

  submit(): void {
    this.endPass();
    if (this.encoder) {
      this.device.queue.submit([this.encoder.finish()]);
      this.encoder = null;
      this.submits++;
    }
    this.dispatches = 0;
    this.storagePool.afterSubmit();
    this.uniformPool.afterSubmit();
  }

  /** Copies `bytes` of a buffer back to the CPU (submits pending work first). */
  async read(src: GPUBuffer, bytes: number): Promise<ArrayBuffer> {
    const size = Math.ceil(bytes / 4) * 4;
    const staging = this.device.createBuffer({ size: Math.max(size, 4), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, label: 'readback' });
    this.copy(src, staging, size);
    this.submit();
    try {
      await staging.mapAsync(GPUMapMode.READ);
      return staging.getMappedRange(0, size).slice(0);
    } catch (e) {
      await this.ctx.check();
      throw e;
    } finally {
      if (staging.mapState === 'mapped') staging.unmap();
      staging.destroy();
      await this.ctx.check();
    }
  }
}
