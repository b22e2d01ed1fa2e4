import { div, mul, ge, lt, gt, le } from '../../ops/arithmetic.js';
import { neg } from '../../ops/unary.js';
import { sumTo } from '../../ops/reduce.js';
import type { GradRule } from '../node.js';

// Broadcasting in the forward pass is a sum in the backward pass: sumTo folds dy back to each shape.
// Partials the pass does not use (`needs`) are skipped: soft-label targets, a broadcast constant.
export const addGrad: GradRule = (dy, { inputShapes: [sa, sb], needs }) => [needs[0] ? sumTo(dy, sa) : null, needs[1] ? sumTo(dy, sb) : null];

export const subGrad: GradRule = (dy, { inputShapes: [sa, sb], needs }) => [needs[0] ? sumTo(dy, sa) : null, needs[1] ? neg(sumTo(dy, sb)) : null];

export const mulGrad: GradRule = (dy, { saved: [a, b], inputShapes: [sa, sb], needs }) => [
  needs[0] ? sumTo(mul(dy, b), sa) : null,
  needs[1] ? sumTo(mul(dy, a), sb) : null,
];

// d(a/b) = da/b - a db/b^2
export const divGrad: GradRule = (dy, { saved: [a, b], inputShapes: [sa, sb], needs }) => {
  const da = div(dy, b);
  return [needs[0] ? sumTo(da, sa) : null, needs[1] ? sumTo(neg(mul(da, div(a, b))), sb) : null];
};

// Ties send the gradient to the first operand, like a subgradient choice; masks are constants.
export const maximumGrad: GradRule = (dy, { saved: [a, b], inputShapes: [sa, sb] }) => [
  sumTo(mul(dy, ge(a, b)), sa),
  sumTo(mul(dy, lt(a, b)), sb),
];

export const minimumGrad: GradRule = (dy, { saved: [a, b], inputShapes: [sa, sb] }) => [
  sumTo(mul(dy, le(a, b)), sa),
  sumTo(mul(dy, gt(a, b)), sb),
];
