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
    for (let k = 0; k < hw; k++) y[base + k] = (x[base + k] - m) * scale + shift;
    mean[pl] = m;
    rstd[pl] = r;
  }
  return { y, mean, rstd };
}

/** dx = rstd · w · (dy - mean(dy) - xhat · mean(dy · xhat)); per-plane Σ dy · xhat and Σ dy. */
export function instanceNormGrad(
  x: Float64Array, dy: Float64Array, weight: Float64Array, mean: Float64Array, rstd: Float64Array, p: InstanceNormParams,
): { dx: Float64Array; dweight: Float64Array; dbias: Float64Array } {
  const { planes, c, hw } = p;
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
