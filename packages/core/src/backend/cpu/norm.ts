import type { InstanceNormParams } from '../backend.js';
import { instanceNormPoolDims } from '../norm-dims.js';
import { planeStats } from './plane-stats.js';

// Float64 reference of the fused instance norm, written the way PyTorch defines it (two passes per
// plane: mean, then the biased variance of the centred values), the oracle for the WGSL kernels. With
// p.pool it computes the full-size (ReLU) output and then pools it (avg_pool2d(2), floor mode), and the
// backward upsamples the pooled gradient first: plainly the composite, which the kernels fuse.

/** avg_pool2d(2) of each plane (odd last row and column dropped). */
function pool2x2(y: Float64Array, p: InstanceNormParams): Float64Array {
  const { h, w, outH, outW } = instanceNormPoolDims(p);
  const out = new Float64Array(p.planes * outH * outW);
  for (let pl = 0; pl < p.planes; pl++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const k = pl * h * w + 2 * oy * w + 2 * ox;
        out[(pl * outH + oy) * outW + ox] = (y[k] + y[k + 1] + y[k + w] + y[k + w + 1]) / 4;
      }
    }
  }
  return out;
}

/** The adjoint of pool2x2: dy / 4 on each window's four values, 0 in a dropped row or column. */
function unpool2x2(dy: Float64Array, p: InstanceNormParams): Float64Array {
  const { h, w, outH, outW } = instanceNormPoolDims(p);
  const out = new Float64Array(p.planes * h * w);
  for (let pl = 0; pl < p.planes; pl++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const g = dy[(pl * outH + oy) * outW + ox] / 4;
        const k = pl * h * w + 2 * oy * w + 2 * ox;
        out[k] = out[k + 1] = out[k + w] = out[k + w + 1] = g;
      }
    }
  }
  return out;
}

export function instanceNorm(x: Float64Array, weight: Float64Array, bias: Float64Array, p: InstanceNormParams): { y: Float64Array; mean: Float64Array; rstd: Float64Array } {
  const { planes, c, hw, eps } = p;
  const y = new Float64Array(planes * hw);
  const mean = new Float64Array(planes);
  const rstd = new Float64Array(planes);
  for (let pl = 0; pl < planes; pl++) {
    const base = pl * hw;
    const { mean: m, rstd: r } = planeStats(x, base, hw, eps);
    const scale = r * weight[pl % c];
    const shift = bias[pl % c];
    for (let k = 0; k < hw; k++) {
      const v = (x[base + k] - m) * scale + shift;
      y[base + k] = p.relu ? Math.max(v, 0) : v;
    }
    mean[pl] = m;
    rstd[pl] = r;
  }
  return { y: p.pool ? pool2x2(y, p) : y, mean, rstd };
}

/** dy where the pre-activation (x - mean) · rstd · w + b of the fused ReLU is positive, else 0. */
function reluMask(x: Float64Array, dy: Float64Array, weight: Float64Array, bias: Float64Array, mean: Float64Array, rstd: Float64Array, p: InstanceNormParams): Float64Array {
  const g = new Float64Array(dy.length);
  for (let pl = 0; pl < p.planes; pl++) {
    for (let k = pl * p.hw; k < (pl + 1) * p.hw; k++) {
      // The forward's expression, operation for operation, so the mask is exactly its sign.
      g[k] = (x[k] - mean[pl]) * (rstd[pl] * weight[pl % p.c]) + bias[pl % p.c] > 0 ? dy[k] : 0;
    }
  }
  return g;
}

/** dx = rstd · w · (g - mean(g) - xhat · mean(g · xhat)); per-plane Σ g · xhat and Σ g, with g = dy,
 *  or with ReLU fused, g = dy where the pre-activation xhat · w + b is positive and 0 elsewhere. With
 *  the pool fused, dy is the pooled gradient, upsampled (adjoint of the pool) before the mask. */
export function instanceNormGrad(
  x: Float64Array, dyIn: Float64Array, weight: Float64Array, bias: Float64Array, mean: Float64Array, rstd: Float64Array, p: InstanceNormParams,
): { dx: Float64Array; dweight: Float64Array; dbias: Float64Array } {
  const { planes, c, hw } = p;
  const dyFull = p.pool ? unpool2x2(dyIn, p) : dyIn;
  const dy = p.relu ? reluMask(x, dyFull, weight, bias, mean, rstd, p) : dyFull;
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
