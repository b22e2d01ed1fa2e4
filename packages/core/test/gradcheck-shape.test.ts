// First- and second-order checks of the movement and gather ops. They are linear, so the order-2 check
// mainly proves their rules stay differentiable (each rule is its adjoint op, recorded again).
import { describe, it } from 'vitest';
import {
  concat, cpuBackend, expand, indexAdd, indexSelect, mul, pad, padSlice, permute, reshape, slice, square, tensor, transpose,
  type Tensor,
} from '../src/index.js';
import { checkGrads, randn } from './util/gradcheck.js';
import { Rng } from './util/rng.js';

const rng = new Rng(23);
const be = cpuBackend();
// A nonlinear tail makes the second derivative nonzero, so the Hessian check sees the movement op twice.
const sq = (f: (x: Tensor) => Tensor) => (x: Tensor) => square(f(x));

describe('gradcheck: views and copies', () => {
  it('reshape (with an inferred dimension)', () => {
    checkGrads((x) => reshape(x, [5, -1]), [randn(rng, [3, 5, 2])], { name: 'reshape' });
    checkGrads(sq((x) => reshape(x, [2, 15])), [randn(rng, [3, 5, 2])], { name: 'square(reshape)' });
  });

  it('permute and transpose', () => {
    checkGrads((x) => permute(x, [2, 0, 3, 1]), [randn(rng, [2, 3, 4, 5])], { name: 'permute' });
    checkGrads(sq((x) => transpose(x)), [randn(rng, [3, 4, 5])], { name: 'transpose last two' });
    checkGrads((x) => transpose(x, 0, 2), [randn(rng, [3, 4, 5])], { name: 'transpose 0,2' });
  });

  it('expand over new and size-1 axes', () => {
    checkGrads((x) => expand(x, [2, 3, 4]), [randn(rng, [3, 1])], { name: 'expand [3,1] to [2,3,4]' });
    checkGrads(sq((x) => expand(x, [4, 5])), [randn(rng, [5])], { name: 'square(expand [5] to [4,5])' });
  });

  it('slice with starts, sizes and steps', () => {
    checkGrads((x) => slice(x, [1, 0, 2], [2, 3, 2], [1, 2, 3]), [randn(rng, [4, 5, 7])], { name: 'strided slice' });
    checkGrads(sq((x) => slice(x, [0, 1], [3, 2])), [randn(rng, [3, 5])], { name: 'square(slice)' });
  });

  it('padSlice with steps and pad', () => {
    checkGrads((x) => padSlice(x, [5, 9], [1, 2], [2, 3]), [randn(rng, [2, 3])], { name: 'padSlice strided' });
    checkGrads(sq((x) => pad(x, [1, 2, 0, 3])), [randn(rng, [2, 3, 4])], { name: 'pad [1,2,0,3]' });
  });

  it('concat along each axis', () => {
    for (const axis of [0, 1, -1]) {
      const shapes = axis === 0 ? [[1, 3, 2], [2, 3, 2]] : axis === 1 ? [[2, 2, 2], [2, 1, 2]] : [[2, 3, 1], [2, 3, 3]];
      const f = (a: Tensor, b: Tensor) => mul(concat([a, b, a], axis), concat([b, a, a], axis));
      checkGrads(f, [randn(rng, shapes[0]), randn(rng, shapes[1])], { name: `concat axis ${axis}` });
    }
  });
});

describe('gradcheck: gather and scatter', () => {
  // Repeated indices make indexSelect's gradient a sum and indexAdd's forward a sum.
  const idx = tensor([2, 0, 2, 3, 2], [5], { dtype: 'i32', backend: be });

  it('indexSelect with repeated indices', () => {
    checkGrads((x) => indexSelect(x, idx), [randn(rng, [4, 3])], { name: 'indexSelect' });
    checkGrads(sq((x) => indexSelect(x, idx)), [randn(rng, [4, 2, 2])], { name: 'square(indexSelect)' });
  });

  it('indexAdd with repeated indices', () => {
    checkGrads((x) => indexAdd(x, idx, 6), [randn(rng, [5, 3])], { name: 'indexAdd' });
    checkGrads(sq((x) => indexAdd(x, idx, 4)), [randn(rng, [5, 2, 2])], { name: 'square(indexAdd)' });
  });
});
