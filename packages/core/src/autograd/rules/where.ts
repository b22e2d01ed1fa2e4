import { where } from '../../ops/arithmetic.js';
import { zerosLike } from '../../ops/creation.js';
import { sumTo } from '../../ops/reduce.js';
import type { GradRule } from '../node.js';

// The condition is a constant; each branch receives dy where it was chosen.
export const whereGrad: GradRule = (dy, { saved: [cond], inputShapes: [, sa, sb] }) => {
  const zero = zerosLike(dy);
  return [null, sumTo(where(cond, dy, zero), sa), sumTo(where(cond, zero, dy), sb)];
};
