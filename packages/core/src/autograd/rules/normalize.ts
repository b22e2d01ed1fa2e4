import type { NormalizePlanesParams } from '../../backend/backend.js';
import { instanceNormalizeBackward, instanceNormalizeBackwardGradX } from '../../ops/normalize.js';
import type { GradRule } from '../node.js';

// Rules of the fused per-plane normalisation (ops/normalize.ts; saved: the inputs).
// y = xhat(x): dx = instanceNormalizeBackward(x, dy) = r · P(dy).
export const instanceNormalizeGrad: GradRule<NormalizePlanesParams> = (dy, { saved: [x], attrs: p }) => [instanceNormalizeBackward(x, dy, p.eps)];

// z = r · P(g) with P = I - 11ᵀ/N - xhat xhatᵀ/N symmetric, cotangent a: dg = r · P(a) (the same op with
// a for g), dx = instanceNormalizeBackwardGradX(x, g, a). Either is skipped when the pass does not use it.
export const instanceNormalizeBackwardGrad: GradRule<NormalizePlanesParams> = (a, ctx) => {
  const [x, g] = ctx.saved;
  const needs = ctx.needs;
  return [
    needs[0] ? instanceNormalizeBackwardGradX(x, g, a, ctx.attrs.eps) : null,
    needs[1] ? instanceNormalizeBackward(x, a, ctx.attrs.eps) : null,
  ];
};
