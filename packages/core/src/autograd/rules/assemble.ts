import { reshape, slice } from '../../ops/shape-ops.js';
import type { GradRule } from '../node.js';

// Assembling is linear: each piece's gradient is its slice of dy (a plain buffer copy on the GPU).
export const assembleGrad: GradRule<readonly number[]> = (dy, { attrs: offsets, inputShapes, needs }) =>
  inputShapes.map((shape, k) => {
    if (!needs[k]) return null;
    const size = shape.reduce((a, b) => a * b, 1);
    const piece = slice(dy, [offsets[k]], [size]);
    return shape.length === 1 ? piece : reshape(piece, shape);
  });
