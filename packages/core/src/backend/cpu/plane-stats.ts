// Float64 per-plane statistics shared by the CPU references of the norm kernels (norm.ts: instance
// norm; normalize.ts: normalisation without affine parameters), computed the way PyTorch and the WGSL
// kernels define them: two passes, the mean, then the biased variance of the centred values (not
// E[x²] - E[x]², which cancels when the mean is large against the spread).

/** Mean of the hw values of u at base. */
export function planeMean(u: Float64Array, base: number, hw: number): number {
  let s = 0;
  for (let k = 0; k < hw; k++) s += u[base + k];
  return s / hw;
}

/** Mean and r = 1 / sqrt(var + eps) of the plane of hw values of x at base. */
export function planeStats(x: Float64Array, base: number, hw: number, eps: number): { mean: number; rstd: number } {
  const mean = planeMean(x, base, hw);
  let ss = 0;
  for (let k = 0; k < hw; k++) ss += (x[base + k] - mean) ** 2;
  return { mean, rstd: 1 / Math.sqrt(ss / hw + eps) };
}
