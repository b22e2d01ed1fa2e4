// Fused instance norm -> ReLU -> 2x2 average pool (stride 2, no padding, floor mode: an odd last row or
// column is dropped), ConvNet's block after the conv, per plane p = (sample, channel) of h x w values,
// channel = p % c:
//   mean, rstd as instance-norm.wgsl (over all h·w values, a dropped row or column included),
//   a = max(0, (x - mean) · rstd · weight[c] + bias[c])   (no max when RELU is off),
//   y[oy, ox] = (a[2oy, 2ox] + a[2oy, 2ox + 1] + a[2oy + 1, 2ox] + a[2oy + 1, 2ox + 1]) / 4.
// Only the pooled [outH, outW] plane is written (a quarter of the full-size activation, which is never
// stored), plus mean and rstd for the backward. The spec (instance-norm-pool.ts) supplies the input
// element V (f32, or vec4 when w % 8 == 0), the pooled element O (f32 or vec4: a pair of V from each of
// two rows gives one O), pair_sum, Params and plane-sum.wgsl, and appends instance-norm-io.wgsl
// (bindings) and plane-stats.wgsl.
// Lanes of a plane split its pooled rows (no division per element; llvmpipe has no vector u32 division).
override RELU: bool = true;

alias Y = O;

@compute @workgroup_size(WG)
fn main(id: Ids) {
  let p = params;
  let hw = p.h * p.w;
  let s = slot_of(id, p.planes, hw / VW);
  let stats = plane_stats(s, id.t, hw, p.eps);
  if (!s.live) {
    return;
  }
  let mean = stats.x;
  let ch = s.plane % p.c;
  let scale = stats.y * weight[ch];
  let shift = V(bias[ch]);
  let row = p.w / VW;       // V elements per input row
  let cols = p.outW / VW;   // O elements per pooled row (VW divides outW: vec4 needs w % 8 == 0)
  let out0 = s.plane * p.outH * cols;
  for (var oy = s.lane; oy < p.outH; oy += LANES) {
    let top = s.base + 2u * oy * row;
    let at = out0 + oy * cols;
    for (var j = 0u; j < cols; j++) {
      let k = top + 2u * j;
      var a0 = (x[k] - mean) * scale + shift;
      var a1 = (x[k + 1u] - mean) * scale + shift;
      var b0 = (x[k + row] - mean) * scale + shift;
      var b1 = (x[k + row + 1u] - mean) * scale + shift;
      if (RELU) {
        a0 = max(a0, V(0.0));
        a1 = max(a1, V(0.0));
        b0 = max(b0, V(0.0));
        b1 = max(b1, V(0.0));
      }
      y[at + j] = 0.25 * pair_sum(a0 + b0, a1 + b1);
    }
  }
  store_stats(s, stats);
}
