import { concat, expand, gt, indexAdd, indexSelect, pad, permute, slice, transpose, where } from '@pad-gpu/core';
import type { OpCase } from '../case.js';

export const movementCases: OpCase[] = [
  { family: 'movement', name: 'permute [2,3,4,5] by [1,0,3,2] and transpose', run: (m) => { const x = m.rand([2, 3, 4, 5]); return [permute(x, [1, 0, 3, 2]), transpose(x)]; } },
  { family: 'movement', name: 'strided slice, pad, expand, concat', run: (m) => { const x = m.rand([5, 7]); return [slice(x, [1, 0], [2, 3], [2, 3]), pad(x, [1, 2, 0, 1]), expand(m.rand([1, 7]), [4, 7]), concat([x, m.rand([2, 7])], 0)]; } },
  { family: 'movement', name: 'where with broadcasting [5,9]x[9]', run: (m) => { const a = m.rand([5, 9]); const b = m.rand([9]); return where(gt(a, b), a, b); } },
  { family: 'movement', name: 'indexSelect and indexAdd rows [6,5]', run: (m) => { const x = m.rand([6, 5]); const idx = m.ints([4, 0, 4, 2]); return [indexSelect(x, idx), indexAdd(m.rand([4, 5]), idx, 6)]; } },
];
