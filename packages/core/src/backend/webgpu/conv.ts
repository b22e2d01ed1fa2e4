import type { Conv2dParams, DType, MatmulParams, Pool2dParams, ReduceOp } from '../backend.js';
import type { Storage } from '../../tensor/storage.js';
import type { WebGpuBackend } from './webgpu-backend.js';

export function conv2dOp(_be: WebGpuBackend, _x: Storage, _w: Storage, _p: Conv2dParams): Storage {
  throw new Error('webgpu conv2d: not implemented yet');
}

export function conv2dInputGradOp(_be: WebGpuBackend, _dy: Storage, _w: Storage, _p: Conv2dParams): Storage {
  throw new Error('webgpu conv2dInputGrad: not implemented yet');
}

export function conv2dWeightGradOp(_be: WebGpuBackend, _x: Storage, _dy: Storage, _p: Conv2dParams): Storage {
  throw new Error('webgpu conv2dWeightGrad: not implemented yet');
}

