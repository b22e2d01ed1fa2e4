import type { Conv2dParams, DType, MatmulParams, Pool2dParams, ReduceOp } from '../backend.js';
import type { Storage } from '../../tensor/storage.js';
import type { WebGpuBackend } from './webgpu-backend.js';

export function whereOp(_be: WebGpuBackend, _c: Storage, _a: Storage, _b: Storage, _shape: readonly number[], _cs: readonly number[], _as: readonly number[], _bs: readonly number[]): Storage {
  throw new Error('webgpu where: not implemented yet');
}

export function copyStridedOp(_be: WebGpuBackend, _x: Storage, _shape: readonly number[], _strides: readonly number[], _offset: number): Storage {
  throw new Error('webgpu copyStrided: not implemented yet');
}

export function padIntoOp(_be: WebGpuBackend, _x: Storage, _xShape: readonly number[], _outShape: readonly number[], _starts: readonly number[], _steps: readonly number[]): Storage {
  throw new Error('webgpu padInto: not implemented yet');
}

export function gatherRowsOp(_be: WebGpuBackend, _x: Storage, _idx: Storage, _k: number, _rowSize: number): Storage {
  throw new Error('webgpu gatherRows: not implemented yet');
}

export function indexAddRowsOp(_be: WebGpuBackend, _src: Storage, _idx: Storage, _k: number, _rows: number, _rowSize: number): Storage {
  throw new Error('webgpu indexAddRows: not implemented yet');
}

export function castOp(_be: WebGpuBackend, _x: Storage, _to: DType): Storage {
  throw new Error('webgpu cast: not implemented yet');
}

