import type { UnaryOp } from '../../backend/backend.js';
import { div, mul, sub } from '../../ops/arithmetic.js';
import { neg, sign, step, cos, sin } from '../../ops/unary.js';
import type { GradRule } from '../node.js';

const USES_OUTPUT = new Set<UnaryOp>(['exp', 'sqrt', 'rsqrt', 'recip', 'sigmoid', 'tanh']);

export function unaryNeedsOutput(op: UnaryOp): boolean {
  return USES_OUTPUT.has(op);
}

/** d/dx of each differentiable unary op, written with differentiable ops (so it differentiates again). */
export const unaryGrad: GradRule<UnaryOp> = (dy, { saved, out, attrs: op }) => {
  const x = saved[0];
  const y = out!;
  switch (op) {
    case 'neg': return [neg(dy)];
    case 'exp': return [mul(dy, y)];
    case 'log': return [mul(dy, div(1, x))];
    case 'sqrt': return [mul(dy, mul(0.5, div(1, y)))];
    // d x^-1/2 = -1/2 x^-3/2 = -1/2 y^3
    case 'rsqrt': return [mul(dy, mul(-0.5, mul(y, mul(y, y))))];
    case 'relu': return [mul(dy, step(x))];
    case 'abs': return [mul(dy, sign(x))];
    case 'square': return [mul(dy, mul(2, x))];
    case 'recip': return [mul(dy, neg(mul(y, y)))];
    case 'sigmoid': return [mul(dy, mul(y, sub(1, y)))];
    case 'tanh': return [mul(dy, sub(1, mul(y, y)))];
    case 'sin': return [mul(dy, cos(x))];
    case 'cos': return [mul(dy, neg(sin(x)))];
    default: throw new Error(`'${op}' is not differentiable`);
  }
};
