import type { Backend, DType } from '../backend/backend.js';
import { getBackend } from '../backend/registry.js';
import { Tensor } from '../tensor/tensor.js';
import { assertShape, type Shape, sizeOf } from '../tensor/shape.js';

export interface CreateOptions {
  dtype?: DType;
  backend?: Backend;
}

/** A tensor from values in row-major order (a flat array or typed array) and a shape. */
export function tensor(values: ArrayLike<number>, shape?: Shape, opts: CreateOptions = {}): Tensor {
  const s = shape ?? [values.length];
  assertShape(s);
  if (sizeOf(s) !== values.length) throw new Error(`tensor: ${values.length} values do not fill shape [${s}]`);
  const dtype = opts.dtype ?? (values instanceof Int32Array ? 'i32' : values instanceof Uint32Array ? 'u32' : 'f32');
  const backend = opts.backend ?? getBackend();
  return new Tensor(backend.fromData(values, dtype), s);
}

export function scalar(value: number, opts: CreateOptions = {}): Tensor {
  return tensor([value], [], opts);
}

export function full(shape: Shape, value: number, opts: CreateOptions = {}): Tensor {
  assertShape(shape);
  const backend = opts.backend ?? getBackend();
  return new Tensor(backend.fill(sizeOf(shape), value, opts.dtype ?? 'f32'), shape);
}

export function zeros(shape: Shape, opts: CreateOptions = {}): Tensor {
  return full(shape, 0, opts);
}

export function ones(shape: Shape, opts: CreateOptions = {}): Tensor {
  return full(shape, 1, opts);
}

export function zerosLike(t: Tensor): Tensor {
  return full(t.shape, 0, { dtype: t.dtype, backend: t.backend });
}

export function onesLike(t: Tensor): Tensor {
  return full(t.shape, 1, { dtype: t.dtype, backend: t.backend });
}

export function arange(n: number, opts: CreateOptions = {}): Tensor {
  const v = new Array<number>(n);
  for (let i = 0; i < n; i++) v[i] = i;
  return tensor(v, [n], { dtype: 'i32', ...opts });
}
