import type { Conv2dParams } from '../../backend/backend.js';
import { conv2dRaw, convTranspose2dRaw, conv2dWeightGrad } from '../../ops/conv.js';
import type { GradRule } from '../node.js';

// conv2d, its input gradient (conv_transpose2d) and its weight gradient form a closed set under
// differentiation: all three are bilinear, and each one's partial derivatives are the other two
// (JAX's conv transposes work the same way). Any order of derivative therefore needs no new kernel.

// Each rule skips the partials the pass does not use (`needs`): a first layer's input gradient, or a
// weight gradient when only the images are asked for, is a whole convolution of work.

// y = conv(x, w): dx = convT(dy, w), dw = wgrad(x, dy)
export const conv2dGrad: GradRule<Conv2dParams> = (dy, { saved: [x, w], attrs: p, needs }) => [
  needs[0] ? convTranspose2dRaw(dy, w, p) : null,
  needs[1] ? conv2dWeightGrad(x, dy, p) : null,
];

// z = convT(g, w), linear in g and w: <z', convT(g, w)> = <conv(z', w), g> = <wgrad(z', g), w>
export const convTranspose2dGrad: GradRule<Conv2dParams> = (dz, { saved: [g, w], attrs: p, needs }) => [
  needs[0] ? conv2dRaw(dz, w, p) : null,
  needs[1] ? conv2dWeightGrad(dz, g, p) : null,
];

// v = wgrad(x, g): <v', wgrad(x, g)> = <convT(g, v'), x> = <conv(x, v'), g>
export const conv2dWeightGradGrad: GradRule<Conv2dParams> = (dv, { saved: [x, g], attrs: p, needs }) => [
  needs[0] ? convTranspose2dRaw(g, dv, p) : null,
  needs[1] ? conv2dRaw(x, dv, p) : null,
];
