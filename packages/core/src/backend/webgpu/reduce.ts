import type { Conv2dParams, DType, MatmulParams, Pool2dParams, ReduceOp } from '../backend.js';
import type { Storage } from '../../tensor/storage.js';
import type { WebGpuBackend } from './webgpu-backend.js';

export function reduceOp(_be: WebGpuBackend, _op: ReduceOp, _x: Storage, _outer: number, _r: number, _inner: number): Storage {
  throw new Error('webgpu reduce: not implemented yet');
}

