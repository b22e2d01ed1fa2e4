import type { Conv2dParams, DType, MatmulParams, Pool2dParams, ReduceOp } from '../backend.js';
import type { Storage } from '../../tensor/storage.js';
import type { WebGpuBackend } from './webgpu-backend.js';

export function avgPool2dOp(_be: WebGpuBackend, _x: Storage, _p: Pool2dParams): Storage {
  throw new Error('webgpu avgPool2d: not implemented yet');
}

export function avgPool2dGradOp(_be: WebGpuBackend, _dy: Storage, _p: Pool2dParams): Storage {
  throw new Error('webgpu avgPool2dGrad: not implemented yet');
}

