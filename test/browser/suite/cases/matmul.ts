import { matmul } from '@pad-gpu/core';
import type { OpCase } from '../case.js';

export const matmulCases: OpCase[] = [
  { family: 'matmul', name: '[5,7] @ [7,3]', run: (m) => matmul(m.rand([5, 7]), m.rand([7, 3])) },
  { family: 'matmul', name: 'batched [3,9,17] @ [3,6,17]^T', run: (m) => matmul(m.rand([3, 9, 17]), m.rand([3, 6, 17]), false, true) },
  { family: 'matmul', name: '[33,65]^T @ [33,20] (k odd, past one tile)', run: (m) => matmul(m.rand([33, 65]), m.rand([33, 20]), true, false) },
];
