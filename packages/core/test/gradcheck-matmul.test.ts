// First- and second-order checks of matmul (every transpose combination, batching, broadcasting of
// 2-D and partially batched operands) and linear (float64 cpu backend).
import { describe, it } from 'vitest';
import { linear, matmul } from '../src/index.js';
import { checkGrads, randn } from './util/gradcheck.js';
import { Rng } from './util/rng.js';

const rng = new Rng(31);
const [M, K, N] = [3, 4, 5];

/** Operand shape for a [..batch, rows, cols] matrix stored transposed or not. */
const mat = (batch: number[], rows: number, cols: number, trans: boolean) => [...batch, ...(trans ? [cols, rows] : [rows, cols])];

describe('gradcheck: matmul', () => {
  const batches: [number[], number[]][] = [
    [[], []],
    [[2], [2]],
    [[2], []],
    [[], [2]],
    [[2, 1], [3]],
    [[2], [1, 2]],
  ];
  for (const [ba, bb] of batches) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const tag = `A batch [${ba}]${transA ? 'ᵀ' : ''} x B batch [${bb}]${transB ? 'ᵀ' : ''}`;
        it(tag, () => {
          const a = randn(rng, mat(ba, M, K, transA));
          const b = randn(rng, mat(bb, K, N, transB));
          checkGrads((x, y) => matmul(x, y, transA, transB), [a, b], { name: `matmul ${tag}` });
        });
      }
    }
  }
});

describe('gradcheck: linear', () => {
  it('with and without bias, 2-D and 3-D inputs', () => {
    checkGrads((x, w, b) => linear(x, w, b), [randn(rng, [3, 4]), randn(rng, [5, 4]), randn(rng, [5])], { name: 'linear 2-D' });
    checkGrads((x, w) => linear(x, w), [randn(rng, [2, 3, 4]), randn(rng, [5, 4])], { name: 'linear 3-D, no bias' });
  });
});
