import { abs, add, div, eq, exp, gt, le, log, maximum, mul, neg, pow, relu, sigmoid, sqrt, sub, tanh } from '@pad-gpu/core';
import type { OpCase } from '../case.js';

/** Odd shapes and broadcasting in every case: [3, 5, 7] against [5, 1] and [1, 7]. */
export const elementwiseCases: OpCase[] = [
  { family: 'elementwise', name: 'unary exp/tanh/sigmoid/relu/abs/neg [3,5,7]', run: (m) => { const x = m.rand([3, 5, 7]); return [exp(x), tanh(x), sigmoid(x), relu(x), abs(x), neg(x)]; } },
  { family: 'elementwise', name: 'unary log/sqrt of positives [37]', run: (m) => { const x = m.rand([37], { positive: true }); return [log(x), sqrt(x)]; } },
  { family: 'elementwise', name: 'binary add/sub/mul/div broadcast [3,5,7]x[5,1]', run: (m) => { const a = m.rand([3, 5, 7]); const b = m.rand([5, 1]); return [add(a, b), sub(a, b), mul(a, b), div(a, b)]; } },
  { family: 'elementwise', name: 'maximum and scalar ops [4,1,6]x[1,7,1]', run: (m) => { const a = m.rand([4, 1, 6]); const b = m.rand([1, 7, 1]); return [maximum(a, b), mul(a, 2.5), sub(1, b), pow(abs(a), 3)]; } },
  { family: 'elementwise', name: 'comparisons gt/le/eq [5,9]x[9]', run: (m) => { const a = m.rand([5, 9]); const b = m.rand([9]); return [gt(a, b), le(a, b), eq(a, a)]; } },
];
