import type { Backend, DType, TensorData } from '../backend/backend.js';
import type { GradNode } from '../autograd/node.js';
import { type Shape, sizeOf } from './shape.js';
import { keep, trackTensor } from './scope.js';
import { Storage } from './storage.js';

let nextId = 1;
let liveHandles = 0;

/**
 * A handle to (possibly shared) storage with a shape, a dtype and, when it takes part in autodiff, the
 * graph node that produced it. Disposing a handle releases its storage and node references; memory is
 * freed when the last handle (or saved copy in a graph) goes.
 */
export class Tensor {
  readonly isTensor = true;
  readonly id = nextId++;
  private store: Storage | null;
  /** The autodiff node: a leaf for `requiresGrad_()` tensors, an op node for results; null otherwise. */
  node: GradNode | null;
  /** The non-differentiable op (comparison, argmax, cast, ...) through which this tensor depends on
   *  differentiable inputs, if it depends on them only that way: grad() names it in its error. */
  nonDifferentiable?: string;

  /** Takes ownership of one reference to `storage` and to `node`. */
  constructor(storage: Storage, readonly shape: Shape, node: GradNode | null = null, tracked = true) {
    if (sizeOf(shape) !== storage.size) throw new Error(`shape [${shape}] does not match storage of ${storage.size} elements`);
    this.store = storage;
    this.node = node;
    liveHandles++;
    if (tracked) trackTensor(this);
  }

  get storage(): Storage {
    if (!this.store) throw new Error(`tensor #${this.id} [${this.shape}] was disposed`);
    return this.store;
  }

  get dtype(): DType {
    return this.storage.dtype;
  }

  get backend(): Backend {
    return this.storage.backend;
  }

  get size(): number {
    return sizeOf(this.shape);
  }

  get rank(): number {
    return this.shape.length;
  }

  get requiresGrad(): boolean {
    return this.node !== null;
  }

  get isDisposed(): boolean {
    return this.store === null;
  }

  /** A new handle on the same storage and graph node (both retained). */
  alias(shape: Shape = this.shape, tracked = true): Tensor {
    const t = new Tensor(this.storage.retain(), shape, this.node ? this.node.retain() : null, tracked);
    if (this.nonDifferentiable !== undefined) t.nonDifferentiable = this.nonDifferentiable;
    return t;
  }

  /** A new handle on the same storage, cut from the graph. */
  detach(): Tensor {
    return new Tensor(this.storage.retain(), this.shape, null);
  }

  /** Exempts this handle from the enclosing `tidy` scopes. */
  keep(): this {
    return keep(this);
  }

  dispose(): void {
    if (!this.store) return;
    this.store.release();
    this.store = null;
    liveHandles--;
    if (this.node) {
      this.node.release();
      this.node = null;
    }
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /** Reads the values (waits for queued GPU work). f32 tensors come back as Float32Array on WebGPU and
   *  Float64Array on the CPU backend, which computes in float64. */
  data(): Promise<TensorData> {
    return this.backend.read(this.storage);
  }

  async toArray(): Promise<number[]> {
    return Array.from(await this.data());
  }

  async item(): Promise<number> {
    if (this.size !== 1) throw new Error(`item() needs a tensor of one element, got [${this.shape}]`);
    return (await this.data())[0];
  }

  toString(): string {
    return `Tensor#${this.id}[${this.shape.join(', ')}] ${this.dtype}${this.node ? ' (grad)' : ''}${this.store ? '' : ' (disposed)'}`;
  }
}

export function liveTensorHandles(): number {
  return liveHandles;
}
