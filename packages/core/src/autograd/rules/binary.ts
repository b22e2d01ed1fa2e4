import { div, mul, ge, lt, gt, le } from '../../ops/arithmetic.js';
import { neg } from '../../ops/unary.js';
import { sumTo } from '../../ops/reduce.js';
import type { GradRule } from '../node.js';

// Broadcasting in the forward pass is a sum in the backward pass: sumTo folds dy back to each shape.
export const addGrad: GradRule = (dy, { inputShapes: [sa, sb] }) => [sumTo(dy, sa), sumTo(dy, sb)];

export const subGrad: GradRule = (dy, { inputShapes: [sa, sb] }) => [sumTo(dy, sa), neg(sumTo(dy, sb))];

export const mulGrad: GradRule = (dy, { saved: [a, b], inputShapes: [sa, sb] }) => [sumTo(mul(dy, b), sa), sumTo(mul(dy, a), sb)];

// d(a/b) = da/b - a db/b^2
export const divGrad: GradRule = (dy, { saved: [a, b], inputShapes: [sa, sb] }) => {
  const da = div(dy, b);
  return [sumTo(da, sa), sumTo(neg(mul(da, div(a, b))), sb)];
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
