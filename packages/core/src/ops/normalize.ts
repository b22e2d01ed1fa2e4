import type { NormalizePlanesParams } from '../backend/backend.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { makeResult } from '../autograd/record.js';
import { instanceNormalizeBackwardGrad, instanceNormalizeGrad } from '../autograd/rules/normalize.js';
import { tidy } from '../tensor/scope.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, mul, sub } from './arithmetic.js';
import { mean } from './reduce.js';
import { reshape } from './shape-ops.js';
import { rsqrt, square } from './unary.js';
import { assertFloat, sameBackend } from './util.js';

// Instance normalisation without affine parameters as three fused, exactly differentiable ops. Per
// plane (NCHW: one (sample, channel) pair, N = h·w values), with the biased variance of the centred
// values, r = 1 / sqrt(var + eps) and xhat = (x - mean) · r:
//
//   instanceNormalize(x)                    y  = xhat
//   instanceNormalizeBackward(x, g)         dx = r · P(g),  P(u) = u - mean(u) - xhat · mean(u · xhat)
//   instanceNormalizeBackwardGradX(x, g, a) gx = ∂<a, r · P(g)>/∂x
//                                              = -r² · (xhat · (cov(a, g) - 3 M_gx M_ax) + M_ax (g - M_g) + M_gx (a - M_a))
//
// with M_u = mean(u), M_ux = mean(u · xhat), cov(a, g) = mean((a - M_a)(g - M_g)). Each is one kernel
// (statistics recomputed from x, nothing saved but the inputs). The gradient of the first is the
// second; the second's gradient is (the third, the second with a in place of g), since P is symmetric;
// the third, needed only for third- and higher-order derivatives, is the composite formula below
// whenever its result must itself be differentiable (recording on and an input in a graph): rules run
// with recording on only under createGraph, so a plain second-order backward (PAD's meta-gradient)
// runs the fused kernel and derivatives of every order stay exact.

function paramsOf(op: string, x: Tensor, eps: number, ...others: Tensor[]): NormalizePlanesParams {
  assertFloat(op, x, ...others);
  sameBackend(op, x, ...others);
  if (x.rank !== 4) throw new Error(`${op}: input must be NCHW, got [${x.shape}]`);
  for (const t of others) if (!shapesEqual(t.shape, x.shape)) throw new Error(`${op}: operand [${t.shape}] must have the input's shape [${x.shape}]`);
  const [n, c, h, w] = x.shape;
  if (h * w === 0) throw new Error(`${op}: empty planes in input [${x.shape}]`);
  if (!(eps >= 0) || !Number.isFinite(eps)) throw new Error(`${op}: eps must be a finite number >= 0, got ${eps}`);
  return { planes: n * c, hw: h * w, eps };
}

/** Per (sample, channel) plane of NCHW x: (x - mean) / sqrt(var + eps), biased variance (PyTorch's
 *  instance_norm without weight, bias or running statistics). */
export function instanceNormalize(x: Tensor, eps = 1e-5): Tensor {
  const p = paramsOf('instanceNormalize', x, eps);
  return makeResult('instanceNormalize', x.backend.normalizePlanes(x.storage, p), x.shape, [x], instanceNormalizeGrad, { save: [x], attrs: p });
}

/** The vector-Jacobian product of instanceNormalize at x with cotangent g: r · (g - mean(g) - xhat ·
 *  mean(g · xhat)) per plane. Differentiable in x and g. */
export function instanceNormalizeBackward(x: Tensor, g: Tensor, eps = 1e-5): Tensor {
  const p = paramsOf('instanceNormalizeBackward', x, eps, g);
  const storage = x.backend.normalizePlanesBackward(x.storage, g.storage, p);
  return makeResult('instanceNormalizeBackward', storage, x.shape, [x, g], instanceNormalizeBackwardGrad, { save: [x, g], attrs: p });
}

/** The gradient in x of <a, instanceNormalizeBackward(x, g)>. One fused kernel when its result needs no
 *  graph; otherwise (third-order use) the differentiable composite gradXComposite. */
export function instanceNormalizeBackwardGradX(x: Tensor, g: Tensor, a: Tensor, eps = 1e-5): Tensor {
  const p = paramsOf('instanceNormalizeBackwardGradX', x, eps, g, a);
  if (isGradEnabled() && (x.node !== null || g.node !== null || a.node !== null)) return gradXComposite(x, g, a, eps);
  // Not recorded (no input in a graph, or recording off), so it needs no rule.
  return makeResult('instanceNormalizeBackwardGradX', x.backend.normalizePlanesBackwardGradX(x.storage, g.storage, a.storage, p), x.shape, [x, g, a], null);
}

// Composite forms with differentiable primitives (reshape, mean, sub, square, rsqrt, mul, add). The
// third is the differentiable path of instanceNormalizeBackwardGradX; all three are references for the
// tests and the benchmark. Intermediates are freed on return (the graph keeps what it needs).

/** Planes view [n·c, h·w], the centred values, r and xhat (the shared start of the composites). */
function planeStats(x: Tensor, eps: number): { rows: number[]; r: Tensor; xhat: Tensor } {
  const rows = [x.shape[0] * x.shape[1], x.shape[2] * x.shape[3]];
  const X = reshape(x, rows);
  const centred = sub(X, mean(X, 1, true));
  const r = rsqrt(add(mean(square(centred), 1, true), eps));
  return { rows, r, xhat: mul(centred, r) };
}

export function normalizeComposite(x: Tensor, eps = 1e-5): Tensor {
  paramsOf('normalizeComposite', x, eps);
  return tidy(() => reshape(planeStats(x, eps).xhat, x.shape));
}

export function normalizeBackwardComposite(x: Tensor, g: Tensor, eps = 1e-5): Tensor {
  paramsOf('normalizeBackwardComposite', x, eps, g);
  return tidy(() => {
    const { rows, r, xhat } = planeStats(x, eps);
    const G = reshape(g, rows);
    const dg = sub(G, mean(G, 1, true));
    return reshape(mul(r, sub(dg, mul(xhat, mean(mul(dg, xhat), 1, true)))), x.shape);
  });
}

export function gradXComposite(x: Tensor, g: Tensor, a: Tensor, eps = 1e-5): Tensor {
  paramsOf('gradXComposite', x, eps, g, a);
  return tidy(() => {
    const { rows, r, xhat } = planeStats(x, eps);
    const G = reshape(g, rows);
    const A = reshape(a, rows);
    const dg = sub(G, mean(G, 1, true));
    const da = sub(A, mean(A, 1, true));
    const mgx = mean(mul(dg, xhat), 1, true);
    const max = mean(mul(da, xhat), 1, true);
    const cov = mean(mul(da, dg), 1, true);
    const inner = add(add(mul(xhat, sub(cov, mul(mul(mgx, max), 3))), mul(max, dg)), mul(mgx, da));
    return reshape(mul(inner, mul(square(r), -1)), x.shape);
  });
}
