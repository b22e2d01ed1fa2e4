// First- and second-order checks of the reductions over every axis pattern (float64 cpu backend).
import { describe, expect, it } from 'vitest';
import { cpuBackend, grad, max, mean, min, mul, requiresGrad, sum, tensor, tidy, type Tensor } from '../src/index.js';
import { arg, checkGrads, randn } from './util/gradcheck.js';
import { Rng, sizeOfShape } from './util/rng.js';

const rng = new Rng(11);
const SHAPE = [3, 4, 5];
// Single axes, negative axes, contiguous runs, non-contiguous sets, everything.
const AXES: (number | number[] | undefined)[] = [undefined, 0, 1, -1, [0, 1], [1, 2], [0, 2], [0, 1, 2]];

/** Values at least 0.05 apart (a shuffled lattice), so arg-max/min stay put under the stencil. */
function distinct(shape: number[]) {
  const n = sizeOfShape(shape);
  const keys = rng.uniform(n);
  const order = [...keys.keys()].sort((a, b) => keys[a] - keys[b]);
  const v = new Float64Array(n);
  order.forEach((idx, rank) => (v[idx] = (rank - n / 2) * 0.05));
  return arg(shape, v);
}

describe('gradcheck: reductions', () => {
  for (const axes of AXES) {
    for (const keepdim of [false, true]) {
      const tag = `axes ${JSON.stringify(axes)} keepdim ${keepdim}`;
      it(`sum and mean, ${tag}`, () => {
        checkGrads((x) => sum(x, axes, keepdim), [randn(rng, SHAPE)], { name: `sum ${tag}` });
        checkGrads((x) => mean(x, axes, keepdim), [randn(rng, SHAPE)], { name: `mean ${tag}` });
      });
      it(`max and min, ${tag}`, () => {
        checkGrads((x) => max(x, axes, keepdim), [distinct(SHAPE)], { name: `max ${tag}` });
        checkGrads((x) => min(x, axes, keepdim), [distinct(SHAPE)], { name: `min ${tag}` });
      });
    }
  }

  it('reductions over size-1 axes and rank-4 non-contiguous axes', () => {
    checkGrads((x) => sum(x, [1, 3]), [randn(rng, [2, 1, 3, 4])], { name: 'sum [2,1,3,4] axes [1,3]' });
    checkGrads((x) => mean(x, [0, 3], true), [randn(rng, [2, 3, 1, 4])], { name: 'mean [2,3,1,4] axes [0,3]' });
    checkGrads((x) => max(x, [0, 2]), [distinct([2, 3, 4, 2])], { name: 'max [2,3,4,2] axes [0,2]' });
  });

  it('a reduction inside a nonlinear function differentiates twice', () => {
    checkGrads((x) => {
      const m = max(x, 1, true);
      const s = mean(x, [0, 2], true);
      return sum(mul3(x, m, s), [0, 2]);
    }, [distinct(SHAPE)], { name: 'sum(x * max(x) * mean(x))' });
  });

  it('ties split the gradient of max/min evenly (subgradient choice, like torch.amax)', () => {
    const be = cpuBackend();
    tidy(() => {
      const x = requiresGrad(tensor([1, 3, 3, 2, -1, -1, 0, 5], [2, 4], { backend: be }));
      const [gmax] = grad(sum(max(x, 1)), [x]);
      const [gmin] = grad(sum(min(x, 1)), [x]);
      expect(Array.from(be.readSync(gmax.storage))).toEqual([0, 0.5, 0.5, 0, 0, 0, 0, 1]);
      expect(Array.from(be.readSync(gmin.storage))).toEqual([1, 0, 0, 0, 0.5, 0.5, 0, 0]);
    });
  });
});

function mul3(a: Tensor, b: Tensor, c: Tensor): Tensor {
  return tidy(() => mul(mul(a, b), c));
}
