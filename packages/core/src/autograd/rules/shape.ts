import { padSlice, permute, reshape, slice } from '../../ops/shape-ops.js';
import { sumTo } from '../../ops/reduce.js';
import type { Shape } from '../../tensor/shape.js';
import type { GradRule } from '../node.js';

export interface SliceAttrs {
  fullShape: Shape;
  starts: readonly number[];
  steps: readonly number[];
}

export const reshapeGrad: GradRule = (dy, { inputShapes: [sx] }) => [reshape(dy, sx)];

export const permuteGrad: GradRule<readonly number[]> = (dy, { attrs: perm }) => {
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => (inverse[p] = i));
  return [permute(dy, inverse)];
};

export const expandGrad: GradRule = (dy, { inputShapes: [sx] }) => [sumTo(dy, sx)];

// slice and padSlice are each other's adjoints, so every order of derivative stays in this pair.
// A contiguous run of a 1-D tensor (a layer's parameters in the flat vector) hands the engine a placed
// piece, which it assembles with the other layers' pieces in one op.
export const sliceGrad: GradRule<SliceAttrs> = (dy, { attrs }) =>
  attrs.fullShape.length === 1 && attrs.steps[0] === 1 ? [{ placed: dy, offset: attrs.starts[0] }] : [padSlice(dy, attrs.fullShape, attrs.starts, attrs.steps)];

export const padSliceGrad: GradRule<SliceAttrs> = (dy, { attrs, inputShapes: [sx] }) => [slice(dy, attrs.starts, sx, attrs.steps)];

