import { mul } from '../../ops/arithmetic.js';
import { tensor } from '../../ops/creation.js';
import { indexSelect } from '../../ops/gather.js';
import { hostIndexAddPlan } from '../../ops/index-plan.js';
import { isGradEnabled } from '../../autograd/grad-mode.js';
import { sum } from '../../ops/reduce.js';
import { permute, reshape } from '../../ops/shape-ops.js';
import { tidy } from '../../tensor/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Taps } from './taps.js';

/**
 * Applies a gather table to images [N, C, H, W]. Pixels become rows of C channels (a free reshape for
 * one channel, a permute otherwise), one indexSelect gathers every tap of every pixel, and the taps are
 * weighted and summed. Costs 1-3 dispatches plus two small uploads; the tables are the only host work.
 * When x is differentiable the gradient's scatter-add plan is built here too: the host knows the table,
 * and sorting 4 x N x H x W indices on the GPU would cost O(k^2) (seconds per step on llvmpipe).
 */
export function applyTaps(x: Tensor, t: Taps): Tensor {
  const [n, c, h, w] = x.shape;
  const m = n * h * w;
  if (t.index.length !== t.taps * m) throw new Error(`augment: gather table has ${t.index.length} entries, expected ${t.taps} x ${m}`);
  return tidy(() => {
    const rows = c === 1 ? reshape(x, [m, 1]) : reshape(permute(x, [0, 2, 3, 1]), [m, c]);
    const idx = tensor(t.index, [t.index.length], { dtype: 'i32', backend: x.backend });
    const plan = isGradEnabled() && x.node !== null ? tensor(hostIndexAddPlan(t.index, m), [m + 1 + t.index.length], { dtype: 'u32', backend: x.backend }) : null;
    let out = indexSelect(rows, idx, plan);
    if (t.weight) {
      const wt = tensor(t.weight, [t.taps, m, 1], { backend: x.backend });
      out = mul(reshape(out, [t.taps, m, c]), wt);
      out = t.taps === 1 ? reshape(out, [m, c]) : sum(out, 0);
    }
    return c === 1 ? reshape(out, [n, 1, h, w]) : permute(reshape(out, [n, h, w, c]), [0, 3, 1, 2]);
  });
}
