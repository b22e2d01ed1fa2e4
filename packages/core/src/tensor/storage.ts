import type { Backend, DType } from '../backend/backend.js';

let live = 0;
let liveBytes = 0;

/**
 * Reference-counted memory of one or more tensor handles (views such as reshape and detach share it).
 * The backend's memory is returned exactly when the last holder releases it: no garbage collector is
 * involved, so GPU memory use is deterministic.
 */
export class Storage {
  refs = 1;
  constructor(
    readonly backend: Backend,
    readonly size: number,
    readonly dtype: DType,
    /** Backend-specific payload: a Float64Array/Int32Array on the CPU, a GPUBuffer on WebGPU. */
    readonly payload: unknown,
  ) {
    live++;
    liveBytes += size * 4;
  }

  retain(): this {
    if (this.refs <= 0) throw new Error('use of a disposed tensor (its storage was already freed)');
    this.refs++;
    return this;
  }

  release(): void {
    if (this.refs <= 0) throw new Error('storage released twice');
    if (--this.refs === 0) {
      live--;
      liveBytes -= this.size * 4;
      this.backend.free(this);
    }
  }

  get alive(): boolean {
    return this.refs > 0;
  }
}

/** Storages alive across all backends (the leak checker's ground truth). */
export function liveStorageStats(): { storages: number; bytes: number } {
  return { storages: live, bytes: liveBytes };
}
