// Differentiating through a non-differentiable op fails with an error naming the op; masks from
// comparisons still work as constants inside differentiable expressions; argmax is correct.
import { describe, expect, it } from 'vitest';
import { cast, cpuBackend, eq, floor, grad, gt, max, mul, randint, requiresGrad, sign, sum, tensor, tidy } from '../src/index.js';
import { argmax } from '../src/ops/reduce.js';
import { Rng } from './util/rng.js';

const be = cpuBackend();
const rng = new Rng(101);
const leaf = () => requiresGrad(tensor(rng.normal(6), [2, 3], { backend: be }));
const read = (t: { storage: import('../src/index.js').Storage }) => Array.from(be.readSync(t.storage));

describe('non-differentiable ops', () => {
  const cases: [string, (x: ReturnType<typeof leaf>) => ReturnType<typeof leaf>][] = [
    ['gt', (x) => sum(gt(x, 0))],
    ['eq', (x) => sum(eq(x, max(x, 1, true)))],
    ['argmax', (x) => sum(mul(cast(argmax(x, 1), 'f32'), 2))],
    ['floor', (x) => sum(floor(x))],
    ['sign', (x) => sum(sign(x))],
    ['cast', (x) => sum(cast(cast(x, 'i32'), 'f32'))],
  ];
  for (const [op, f] of cases) {
    it(`grad through '${op}' throws naming it`, () => {
      tidy(() => {
        const x = leaf();
        expect(() => grad(f(x), [x])).toThrow(new RegExp(`only through '${op}', which is not differentiable`));
      });
    });
  }

  it('randint results cannot require grad, and a loss built only from them has no gradient', () => {
    tidy(() => {
      const r = randint(0, 5, [4], { seed: 3, backend: be });
      expect(() => requiresGrad(r)).toThrow(/only f32 tensors can be differentiated, got i32.*randint/);
      const x = leaf();
      expect(() => grad(sum(cast(r, 'f32')), [x])).toThrow(/does not depend on any tensor that requires grad/);
    });
  });

  it('a comparison mask is a constant inside a differentiable expression', () => {
    tidy(() => {
      const x = leaf();
      const [g] = grad(sum(mul(gt(x, 0), x)), [x]);
      expect(read(g)).toEqual(read(x).map((v) => (v > 0 ? 1 : 0)));
    });
  });
});

describe('argmax', () => {
  it('returns the first index of the maximum along an axis, as i32', () => {
    tidy(() => {
      const x = tensor([1, 5, 5, 2, 0, -1, 3, 3, 7, 7, 7, -2], [2, 2, 3], { backend: be });
      const a2 = argmax(x, -1);
      expect(a2.dtype).toBe('i32');
      expect(a2.shape).toEqual([2, 2]);
      expect(read(a2)).toEqual([1, 0, 2, 0]); // ties [1,5,5] and [7,7,-2] pick the first
      expect(read(argmax(x, 0))).toEqual([1, 0, 1, 1, 1, 0]);
      expect(argmax(x, 1, true).shape).toEqual([2, 1, 3]);
      expect(read(argmax(x, 1, true))).toEqual([1, 0, 0, 1, 1, 0]);
    });
  });
});
