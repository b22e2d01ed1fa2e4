/**
 * One op test case of the in-page suite: `run` builds its inputs with a Maker (the same values on
 * every backend) and returns the tensors to compare. The runner executes each case on the CPU backend
 * (float64, the oracle) and on WebGPU (f32) and compares with a tolerance.
 */
import { requiresGrad, tensor, type Backend, type Tensor } from '@pad-gpu/core';
import { mulberry32 } from './rng.js';

export interface OpCase {
  family: 'elementwise' | 'reduce' | 'movement' | 'matmul' | 'conv' | 'pool' | 'random' | 'grad';
  name: string;
  /** |gpu - cpu| <= tol * (1 + |cpu|); default 1e-4. */
  tol?: number;
  run(m: Maker): Tensor | Tensor[];
}

export class Maker {
  private draws = 0;

  constructor(readonly be: Backend) {}

  /** Random values in ±[0.1, 1] (never zero), or in [0.1, 2] with `positive` (for log, sqrt, pow). */
  rand(shape: number[], opts: { positive?: boolean; grad?: boolean } = {}): Tensor {
    const r = mulberry32(1000 + this.draws++);
    const n = shape.reduce((a, b) => a * b, 1);
    const v = Float32Array.from({ length: n }, () => (opts.positive ? 0.1 + 1.9 * r() : (r() < 0.5 ? -1 : 1) * (0.1 + 0.9 * r())));
    const t = tensor(v, shape, { backend: this.be });
    return opts.grad ? requiresGrad(t) : t;
  }

  ints(values: number[], shape = [values.length]): Tensor {
    return tensor(Int32Array.from(values), shape, { dtype: 'i32', backend: this.be });
  }
}
