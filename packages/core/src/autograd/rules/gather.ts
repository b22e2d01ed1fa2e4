import { indexAdd, indexSelect } from '../../ops/gather.js';
import type { GradRule } from '../node.js';

// Gathering rows and scatter-adding them are adjoint: each one's gradient is the other. The host-built
// plan, when there is one, travels along so every order skips the GPU sort.
export const indexSelectGrad: GradRule = (dy, { saved: [idx, plan], inputShapes: [sx] }) => [indexAdd(dy, idx, sx[0], plan ?? null), null];

export const indexAddGrad: GradRule = (dy, { saved: [idx, plan] }) => [indexSelect(dy, idx, plan ?? null), null];
