import type { InstanceNormParams } from '../backend.js';

// Float64 reference of the fused instance norm, written the way PyTorch defines it (two passes per
// plane: mean, then the biased variance of the centred values), the oracle for the WGSL kernels.

export function instanceNorm(x: Float64Array, weight: Float64Array, bias: Float64Array, p: InstanceNormParams): { y: Float64Array; mean: Float64Array; rstd: Float64Array } {
  const { planes, c, hw, eps } = p;
  const y = new Float64Array(planes * hw);
  const mean = new Float64Array(planes);
  const rstd = new Float64Array(planes);
  for (let pl = 0; pl < planes; pl++) {
    const base = pl * hw;
    let s = 0;
    for (let k = 0; k < hw; k++) s += x[base + k];
    const m = s / hw;
    let ss = 0;
    for (let k = 0; k < hw; k++) ss += (x[base + k] - m) ** 2;
    const r = 1 / Math.sqrt(ss / hw + eps);
    const scale = r * weight[pl % c];
    const shift = bias[pl % c];
    for (let k = 0; k < hw; k++) {
      const v = (x[base + k] - m) * scale + shift;
      y[base + k] = p.relu ? Math.max(v, 0) : v;
    }
    mean[pl] = m;
    rstd[pl] = r;
  }
  return { y, mean, rstd };
}

/** dy where the pre-activation (x - mean) · rstd · w + b of the fused ReLU is positive, else 0. */
function reluMask(x: Float64Array, dy: Float64Array, weight: Float64Array, bias: Float64Array, mean: Float64Array, rstd: Float64Array, p: InstanceNormParams): Float64Array {
  const g = new Float64Array(dy.length);
  for (let pl = 0; pl < p.planes; pl++) {
    for (let k = pl * p.hw; k < (pl + 1) * p.hw; k++) {
      g[k] = (x[k] - mean[pl]) * rstd[pl] * weight[pl % p.c] + bias[pl % p.c] > 0 ? dy[k] : 0;
    }
  }
  return g;
}

/** dx = rstd · w · (g - mean(g) - xhat · mean(g · xhat)); per-plane Σ g · xhat and Σ g, with g = dy,
 *  or with ReLU fused, g = dy where the pre-activation xhat · w + b is positive and 0 elsewhere. */
export function instanceNormGrad(
  x: Float64Array, dyIn: Float64Array, weight: Float64Array, bias: Float64Array, mean: Float64Array, rstd: Float64Array, p: InstanceNormParams,
): { dx: Float64Array; dweight: Float64Array; dbias: Float64Array } {
  const { planes, c, hw } = p;
  const dy = p.relu ? reluMask(x, dyIn, weight, bias, mean, rstd, p) : dyIn;
  const dx = new Float64Array(planes * hw);
  const dweight = new Float64Array(planes);
  const dbias = new Float64Array(planes);
  for (let pl = 0; pl < planes; pl++) {
    const base = pl * hw;
    const m = mean[pl];
    const r = rstd[pl];
    let sdy = 0;
    let sdyx = 0;
    for (let k = 0; k < hw; k++) {
      sdy += dy[base + k];
      sdyx += dy[base + k] * (x[base + k] - m) * r;
    }
    const scale = r * weight[pl % c];
    for (let k = 0; k < hw; k++) dx[base + k] = scale * (dy[base + k] - sdy / hw - (x[base + k] - m) * r * (sdyx / hw));
    dweight[pl] = sdyx;
    dbias[pl] = sdy;
  }
  return { dx, dweight, dbias };
}
