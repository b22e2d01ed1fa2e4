import { div, eq, mul } from '../../ops/arithmetic.js';
import { sum } from '../../ops/reduce.js';
import { expand, reshape } from '../../ops/shape-ops.js';
import type { Shape } from '../../tensor/shape.js';
import type { GradRule } from '../node.js';

export interface ReduceAttrs {
  /** The input shape with reduced axes set to 1 (keepdim form). */
  keptShape: Shape;
}

export const sumGrad: GradRule<ReduceAttrs> = (dy, { attrs, inputShapes: [sx] }) => [expand(reshape(dy, attrs.keptShape), sx)];

// The gradient goes to the arg-max elements, split evenly among ties (as PyTorch's amax does).
export const maxGrad: GradRule<ReduceAttrs> = (dy, { saved: [x], out, attrs, inputShapes: [sx] }) => {
  const mask = eq(x, reshape(out!, attrs.keptShape));
  const count = sum(mask, attrs.keptShape.map((d, i) => (d === 1 && sx[i] !== 1 ? i : -1)).filter((i) => i >= 0), true);
  return [mul(mask, div(expand(reshape(dy, attrs.keptShape), sx), count))];
};
