import { max, mean, min, sum } from '@pad-gpu/core';
import type { OpCase } from '../case.js';

export const reduceCases: OpCase[] = [
  { family: 'reduce', name: 'sum over axis 1 of [3,5,7] and over all', run: (m) => { const x = m.rand([3, 5, 7]); return [sum(x, 1), sum(x)]; } },
  { family: 'reduce', name: 'max/min over the last axis, keepdim [4,33]', run: (m) => { const x = m.rand([4, 33]); return [max(x, -1, true), min(x, -1, true)]; } },
  { family: 'reduce', name: 'mean over axes [0,2] of [6,3,130]', run: (m) => mean(m.rand([6, 3, 130]), [0, 2]) },
];
