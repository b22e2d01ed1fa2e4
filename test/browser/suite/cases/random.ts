import { randomNormal, randomUniform } from '@pad-gpu/core';
import type { OpCase } from '../case.js';

/** The generator is counter based: every backend must draw the same numbers for a seed (normal
 *  tails go through log(u) in f32, hence the looser tolerance). */
export const randomCases: OpCase[] = [
  { family: 'random', name: 'uniform and normal draws equal the CPU stream [1000]', tol: 1e-3, run: (m) => [randomUniform([1000], { seed: 7, backend: m.be }), randomNormal([3, 333], { seed: 8, offset: 5, backend: m.be })] },
];
