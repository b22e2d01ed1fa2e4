import type { MatmulParams } from '../backend/backend.js';
import { makeResult } from '../autograd/record.js';
import { matmulGrad, type MatmulAttrs } from '../autograd/rules/matmul.js';
import { broadcastShapes, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { expand } from './shape-ops.js';
import { assertFloat, sameBackend } from './util.js';

/**
 * Batched matrix product of a [..., m, k] and b [..., k, n] (either transposed in place by flag), with
 * batch dimensions broadcast. A 2-D operand is shared across the batch without being copied.
 */
export function matmul(a: Tensor, b: Tensor, transA = false, transB = false): Tensor {
  assertFloat('matmul', a, b);
  const backend = sameBackend('matmul', a, b);
  if (a.rank < 2 || b.rank < 2) throw new Error(`matmul: operands must be at least 2-D, got [${a.shape}] and [${b.shape}]`);
  const [m, ka] = transA ? [a.shape[a.rank - 1], a.shape[a.rank - 2]] : [a.shape[a.rank - 2], a.shape[a.rank - 1]];
  const [kb, n] = transB ? [b.shape[b.rank - 1], b.shape[b.rank - 2]] : [b.shape[b.rank - 2], b.shape[b.rank - 1]];
  if (ka !== kb) throw new Error(`matmul: inner dimensions differ: [${a.shape}]${transA ? 'ᵀ' : ''} x [${b.shape}]${transB ? 'ᵀ' : ''}`);
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batchShape = broadcastShapes(batchA, batchB, 'matmul batch dimensions');
  const batch = sizeOf(batchShape);
  // Operands whose batch is neither full nor absent are materialised (rare); 2-D ones broadcast free.
  const fit = (t: Tensor, tb: readonly number[]) =>
    tb.length === 0 || sizeOf(tb) === batch ? t : expand(t, [...batchShape, ...t.shape.slice(-2)]);
  const A = fit(a, batchA);
  const B = fit(b, batchB);
  const p: MatmulParams = {
    batch, m, n, k: ka, transA, transB,
    strideA: A.rank === 2 ? 0 : m * ka,
    strideB: B.rank === 2 ? 0 : ka * n,
  };
  const out = makeResult<MatmulAttrs>('matmul', backend.matmul(A.storage, B.storage, p), [...batchShape, m, n], [A, B], matmulGrad, {
    save: [A, B],
    attrs: { transA, transB },
  });
  if (A !== a) A.dispose();
  if (B !== b) B.dispose();
  return out;
}
