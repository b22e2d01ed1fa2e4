import type { Conv2dParams } from '../../backend/backend.js';
import { conv2dRaw, convTranspose2dRaw, conv2dWeightGrad } from '../../ops/conv.js';
import type { GradRule } from '../node.js';

// conv2d, its input gradient (conv_transpose2d) and its weight gradient form a closed set under
// differentiation: all three are bilinear, and each one's partial derivatives are the other two
// (JAX's conv transposes work the same way). Any order of derivative therefore needs no new kernel.

// y = conv(x, w): dx = convT(dy, w), dw = wgrad(x, dy)
export const conv2dGrad: GradRule<Conv2dParams> = (dy, { saved: [x, w], attrs: p }) => [
  convTranspose2dRaw(dy, w, p),
  conv2dWeightGrad(x, dy, p),
];

// z = convT(g, w), linear in g and w: <z', convT(g, w)> = <conv(z', w), g> = <wgrad(z', g), w>
export const convTranspose2dGrad: GradRule<Conv2dParams> = (dz, { saved: [g, w], attrs: p }) => [
  conv2dRaw(dz, w, p),
  conv2dWeightGrad(dz, g, p),
];

// v = wgrad(x, g): <v', wgrad(x, g)> = <convT(g, v'), x> = <conv(x, v'), g>
export const conv2dWeightGradGrad: GradRule<Conv2dParams> = (dv, { saved: [x, g], attrs: p }) => [
  convTranspose2dRaw(g, dv, p),
  conv2dRaw(x, dv, p),
];
