import type { Pool2dParams } from '../../backend/backend.js';
import { avgPool2dBackward, avgPool2dRaw } from '../../ops/pool.js';
import type { GradRule } from '../node.js';

// Average pooling is linear: its gradient is its adjoint, and the adjoint's gradient is the pooling.
export const avgPool2dGradRule: GradRule<Pool2dParams> = (dy, { attrs: p }) => [avgPool2dBackward(dy, p)];

export const avgPool2dGradGradRule: GradRule<Pool2dParams> = (dz, { attrs: p }) => [avgPool2dRaw(dz, p)];
