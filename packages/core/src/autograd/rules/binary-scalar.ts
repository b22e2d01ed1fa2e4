import type { BinaryOp } from '../../backend/backend.js';
import { binary, div, mul, pow, ge, lt, le, gt } from '../../ops/arithmetic.js';
import { neg } from '../../ops/unary.js';
import type { GradRule } from '../node.js';

export interface ScalarAttrs {
  op: BinaryOp;
  scalar: number;
  /** The scalar is the left operand (c - x, c / x). */
  scalarFirst: boolean;
}

/** Whether the rule reads x (the others need only the constant), so unrolls save no needless copies. */
export function scalarOpSavesInput(op: BinaryOp, scalarFirst: boolean): boolean {
  return op === 'pow' || op === 'max' || op === 'min' || (op === 'div' && scalarFirst);
}

export const scalarOpGrad: GradRule<ScalarAttrs> = (dy, { saved: [x], attrs: { op, scalar: c, scalarFirst } }) => {
  switch (op) {
    case 'add': return [dy];
    case 'sub': return [scalarFirst ? neg(dy) : dy];
    case 'mul': return [mul(dy, c)];
    // d(c/x) = -c/x^2
    case 'div': return [scalarFirst ? mul(dy, div(-c, mul(x, x))) : div(dy, c)];
    case 'pow':
      // d(c^x) = c^x ln c (NaN for c < 0, as in PyTorch); d(x^c) = c x^(c-1).
      if (scalarFirst) return [mul(dy, mul(binary('pow', c, x), Math.log(c)))];
      return [c === 0 ? mul(dy, 0) : mul(dy, mul(c, pow(x, c - 1)))];
    case 'max': return [mul(dy, scalarFirst ? gt(x, c) : ge(x, c))];
    case 'min': return [mul(dy, scalarFirst ? lt(x, c) : le(x, c))];
    default: throw new Error(`'${op}' is not differentiable`);
  }
};
