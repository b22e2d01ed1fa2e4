import { matmul } from '../../ops/matmul.js';
import { sum } from '../../ops/reduce.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { GradRule } from '../node.js';

export interface MatmulAttrs {
  transA: boolean;
  transB: boolean;
}

/** Folds a batched gradient onto a 2-D operand that was shared across the batch. */
function unbatch(g: Tensor, rank: number): Tensor {
  return rank === 2 && g.rank > 2 ? sum(g, [...Array(g.rank - 2).keys()]) : g;
}

// C = op(A) op(B). Each gradient is again one matmul with transpose flags, so matmul is closed under
// differentiation: dA = dC op(B)ᵀ (or its transpose), dB = op(A)ᵀ dC (or its transpose).
export const matmulGrad: GradRule<MatmulAttrs> = (dC, { saved: [A, B], attrs: { transA, transB } }) => {
  const dA = transA ? matmul(B, dC, transB, true) : matmul(dC, B, false, !transB);
  const dB = transB ? matmul(dC, A, true, transA) : matmul(A, dC, !transA, false);
  return [unbatch(dA, A.rank), unbatch(dB, B.rank)];
};
