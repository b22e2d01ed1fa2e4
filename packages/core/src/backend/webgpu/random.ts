import type { Conv2dParams, DType, MatmulParams, Pool2dParams, ReduceOp } from '../backend.js';
import type { Storage } from '../../tensor/storage.js';
import type { WebGpuBackend } from './webgpu-backend.js';

export function randomOp(_be: WebGpuBackend, _kind: 'uniform' | 'normal', _size: number, _seed: number, _offset: number): Storage {
  throw new Error('webgpu random: not implemented yet');
}

