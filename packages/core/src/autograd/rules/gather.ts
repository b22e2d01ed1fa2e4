import { indexAdd, indexSelect } from '../../ops/gather.js';
import type { GradRule } from '../node.js';

// Gathering rows and scatter-adding them are adjoint: each one's gradient is the other.
export const indexSelectGrad: GradRule = (dy, { saved: [idx], inputShapes: [sx] }) => [indexAdd(dy, idx, sx[0]), null];

export const indexAddGrad: GradRule = (dy, { saved: [idx] }) => [indexSelect(dy, idx), null];
