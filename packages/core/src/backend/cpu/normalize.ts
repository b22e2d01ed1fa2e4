import type { NormalizePlanesParams } from '../backend.js';
import { planeMean, planeStats } from './plane-stats.js';

// Float64 reference of the per-plane normalisation without affine parameters and of its first- and
// second-order backward kernels (the oracle for normalize-planes*.wgsl). Each plane is `hw` contiguous
// values, N = hw; statistics come from two passes (mean, then the biased variance of the centred
// values; plane-stats.ts), r = 1 / sqrt(var + eps), xhat = (x - mean) · r.

/** y = xhat. */
export function normalizePlanes(x: Float64Array, p: NormalizePlanesParams): Float64Array {
  const { planes, hw, eps } = p;
  const y = new Float64Array(planes * hw);
  for (let pl = 0; pl < planes; pl++) {
    const base = pl * hw;
    const { mean: m, rstd: r } = planeStats(x, base, hw, eps);
    for (let k = 0; k < hw; k++) y[base + k] = (x[base + k] - m) * r;
  }
  return y;
}

/** dx = r · (g - mean(g) - xhat · mean(g · xhat)). */
export function normalizePlanesBackward(x: Float64Array, g: Float64Array, p: NormalizePlanesParams): Float64Array {
  const { planes, hw, eps } = p;
  const dx = new Float64Array(planes * hw);
  for (let pl = 0; pl < planes; pl++) {
    const base = pl * hw;
    const { mean: m, rstd: r } = planeStats(x, base, hw, eps);
    const mg = planeMean(g, base, hw);
    let sgx = 0;
    for (let k = 0; k < hw; k++) sgx += (g[base + k] - mg) * (x[base + k] - m);
    const mgx = (r * sgx) / hw;
    for (let k = 0; k < hw; k++) dx[base + k] = r * (g[base + k] - mg - (x[base + k] - m) * r * mgx);
  }
  return dx;
}

/**
 * The gradient in x of <a, normalizePlanesBackward(x, g)>. With M_u = mean(u), M_ux = mean(u · xhat),
 * P(u) = u - M_u - xhat · M_ux, S_a = Σa, S_ax = Σ a · xhat, A = Σ a · g:
 *   gx = -(r² xhat / N)(A - M_g S_a - M_gx S_ax) - (r² / N) S_ax P(g) - r² M_gx P(a)
 *      = -r² · (xhat · (cov - 3 M_gx M_ax) + M_ax (g - M_g) + M_gx (a - M_a)),  cov = mean((a - M_a)(g - M_g)).
 */
export function normalizePlanesBackwardGradX(x: Float64Array, g: Float64Array, a: Float64Array, p: NormalizePlanesParams): Float64Array {
  const { planes, hw, eps } = p;
  const gx = new Float64Array(planes * hw);
  for (let pl = 0; pl < planes; pl++) {
    const base = pl * hw;
    const { mean: m, rstd: r } = planeStats(x, base, hw, eps);
    const mg = planeMean(g, base, hw);
    const ma = planeMean(a, base, hw);
    let sgx = 0;
    let sax = 0;
    let sag = 0;
    for (let k = 0; k < hw; k++) {
      const d = x[base + k] - m;
      const dg = g[base + k] - mg;
      const da = a[base + k] - ma;
      sgx += dg * d;
      sax += da * d;
      sag += da * dg;
    }
    const mgx = (r * sgx) / hw;
    const max = (r * sax) / hw;
    const cov = sag / hw;
    const r2 = r * r;
    for (let k = 0; k < hw; k++) {
      const xhat = (x[base + k] - m) * r;
      gx[base + k] = -r2 * (xhat * (cov - 3 * mgx * max) + max * (g[base + k] - mg) + mgx * (a[base + k] - ma));
    }
  }
  return gx;
}
