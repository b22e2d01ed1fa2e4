import { avgPool2d, conv2d, convTranspose2d } from '@pad-gpu/core';
import type { OpCase } from '../case.js';

export const convCases: OpCase[] = [
  { family: 'conv', name: 'conv2d [2,3,7,6] * [4,3,3,3] pad 1 + bias', run: (m) => conv2d(m.rand([2, 3, 7, 6]), m.rand([4, 3, 3, 3]), m.rand([4]), { padding: 1 }) },
  { family: 'conv', name: 'conv2d stride 2, 1x2 kernel, no padding', run: (m) => conv2d(m.rand([1, 2, 9, 8]), m.rand([3, 2, 1, 2]), null, { stride: 2 }) },
  { family: 'conv', name: 'convTranspose2d [1,3,4,5] stride 2 pad 1', run: (m) => convTranspose2d(m.rand([1, 3, 4, 5]), m.rand([3, 2, 3, 3]), { stride: 2, padding: 1 }) },
  { family: 'pool', name: 'avgPool2d 2x2 of [2,3,8,6] and 3x3 stride 2 pad 1', run: (m) => { const x = m.rand([2, 3, 8, 6]); return [avgPool2d(x, 2), avgPool2d(x, 3, { stride: 2, padding: 1 })]; } },
];
