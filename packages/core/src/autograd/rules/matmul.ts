import { matmul } from '../../ops/matmul.js';
import { sum } from '../../ops/reduce.js';
import { reshape } from '../../ops/shape-ops.js';
import { type Shape, shapesEqual } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { GradRule } from '../node.js';

export interface MatmulAttrs {
  transA: boolean;
  transB: boolean;
}

/** Folds a batched gradient back to its operand's shape: a 2-D operand shared across the batch gets the
 *  batch sum; a full-batch operand with fewer leading dimensions (A [2,m,k] with B [1,2,k,n]) a reshape. */
function unbatch(g: Tensor, shape: Shape): Tensor {
  if (shape.length === 2 && g.rank > 2) return sum(g, [...Array(g.rank - 2).keys()]);
  return shapesEqual(g.shape, shape) ? g : reshape(g, shape);
}

// C = op(A) op(B). Each gradient is again one matmul with transpose flags, so matmul is closed under
// differentiation: dA = dC op(B)ᵀ (or its transpose), dB = op(A)ᵀ dC (or its transpose).
export const matmulGrad: GradRule<MatmulAttrs> = (dC, { saved: [A, B], attrs: { transA, transB }, needs }) => {
  const dA = needs[0] ? (transA ? matmul(B, dC, transB, true) : matmul(dC, B, false, !transB)) : null;
  const dB = needs[1] ? (transB ? matmul(dC, A, true, transA) : matmul(A, dC, !transA, false)) : null;
  return [dA && unbatch(dA, A.shape), dB && unbatch(dB, B.shape)];
};
