/**
 * GPU buffers reused by size bucket. A released buffer is only *pending* until the next submit: work
 * already encoded (but not yet submitted) may still read it, while `queue.writeBuffer` into a reused
 * buffer would take effect before that work runs. After the submit, queue order makes reuse safe.
 *
 * Buckets are tight (sizes up to 4 KiB round to 256 B; above, to 1/16 of the power of two), so the
 * pool wastes at most ~6% instead of the third that power-of-two pools lose on large models.
 */
export interface PoolStats {
  /** Bytes of live tensors' buffers (bucket size). */
  bytesInUse: number;
  /** Bytes of every buffer the pool holds, in use or free. */
  bytesAllocated: number;
  buffersInUse: number;
  buffersFree: number;
  buffersPending: number;
  peakBytesInUse: number;
}

export function bucketSize(bytes: number): number {
  const b = Math.max(bytes, 16);
  if (b <= 4096) return Math.ceil(b / 256) * 256;
  const step = 2 ** Math.floor(Math.log2(b)) / 16;
  return Math.ceil(b / step) * step;
}

export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  private pending: GPUBuffer[] = [];
  private stats = { bytesInUse: 0, bytesAllocated: 0, buffersInUse: 0, peakBytesInUse: 0 };

  constructor(
    private readonly device: GPUDevice,
    private readonly usage: GPUBufferUsageFlags,
    private readonly label: string,
  ) {}

  acquire(bytes: number): GPUBuffer {
    const size = bucketSize(bytes);
    const list = this.free.get(size);
    let buf = list?.pop();
    if (!buf) {
      buf = this.device.createBuffer({ size, usage: this.usage, label: `${this.label}:${size}` });
      this.stats.bytesAllocated += size;
    }
    this.stats.bytesInUse += size;
    this.stats.buffersInUse++;
    if (this.stats.bytesInUse > this.stats.peakBytesInUse) this.stats.peakBytesInUse = this.stats.bytesInUse;
    return buf;
  }

  release(buf: GPUBuffer): void {
    this.stats.bytesInUse -= buf.size;
    this.stats.buffersInUse--;
    this.pending.push(buf);
  }

  /** Called right after a queue submit: buffers released before it become reusable. */
  afterSubmit(): void {
    for (const buf of this.pending) {
      let list = this.free.get(buf.size);
      if (!list) this.free.set(buf.size, (list = []));
      list.push(buf);
    }
    this.pending = [];
  }

  /** Destroys free buffers (pending ones stay until the next submit). */
  trim(): void {
    for (const list of this.free.values()) for (const buf of list) {
      this.stats.bytesAllocated -= buf.size;
      buf.destroy();
    }
    this.free.clear();
  }

  resetPeak(): void {
    this.stats.peakBytesInUse = this.stats.bytesInUse;
  }

  getStats(): PoolStats {
    let buffersFree = 0;
    for (const l of this.free.values()) buffersFree += l.length;
    return { ...this.stats, buffersFree, buffersPending: this.pending.length };
  }
}
