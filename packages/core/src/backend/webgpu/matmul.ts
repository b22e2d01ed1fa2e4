import type { Conv2dParams, DType, MatmulParams, Pool2dParams, ReduceOp } from '../backend.js';
import type { Storage } from '../../tensor/storage.js';
import type { WebGpuBackend } from './webgpu-backend.js';

export function matmulOp(_be: WebGpuBackend, _a: Storage, _b: Storage, _p: MatmulParams): Storage {
  throw new Error('webgpu matmul: not implemented yet');
}

