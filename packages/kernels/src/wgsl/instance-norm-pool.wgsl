// Fused instance norm -> ReLU -> 2x2 average pool (stride 2, no padding, floor mode: an odd last row or
// column is dropped), ConvNet's block after the conv, per plane p = (sample, channel) of h x w values,
// channel = p % c:
//   mean, rstd as instance-norm.wgsl (over all h·w values, a dropped row or column included),
//   a = max(0, (x - mean) · rstd · weight[c] + bias[c])   (no max when RELU is off),
//   y[oy, ox] = (a[2oy, 2ox] + a[2oy, 2ox + 1] + a[2oy + 1, 2ox] + a[2oy + 1, 2ox + 1]) / 4.
// Only the pooled [outH, outW] plane is written (a quarter of the full-size activation, which is never
// stored), plus mean and rstd for the backward. The prelude (instance-norm-pool.ts) defines the input
// element V (f32, or vec4 when w % 8 == 0), the pooled element O (f32 or vec4: a pair of V from each of
// two rows gives one O) and pair_sum; then plane-sum.wgsl and instance-norm-stats.wgsl.
// Lanes of a plane split its pooled rows (no division per element; llvmpipe has no vector u32 division).
override RELU: bool = true;

struct Params { planes: u32, c: u32, h: u32, w: u32, outH: u32, outW: u32, eps: f32 }

@group(0) @binding(0) var<storage, read> x: array<V>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<O>;
@group(0) @binding(4) var<storage, read_write> mean_out: array<f32>;
@group(0) @binding(5) var<storage, read_write> rstd_out: array<f32>;
@group(0) @binding(6) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let p = params;
  let lane = t % LANES;
  let plane = (wid.x + wid.y * nwg.x) * (WG / LANES) + t / LANES;
  // Invocations past the last plane stay for plane_sum's barriers, over an empty plane.
  let live = plane < p.planes;
  let hw = p.h * p.w;
  let len = select(0u, hw / VW, live);
  let base = select(0u, plane * (hw / VW), live);
  let stats = plane_stats(base, len, lane, t, hw, p.eps);
  if (!live) {
    return;
  }
  let mean = stats.x;
  let ch = plane % p.c;
  let scale = stats.y * weight[ch];
  let shift = V(bias[ch]);
  let row = p.w / VW;       // V elements per input row
  let cols = p.outW / VW;   // O elements per pooled row (VW divides outW: vec4 needs w % 8 == 0)
  let out0 = plane * p.outH * cols;
  for (var oy = lane; oy < p.outH; oy += LANES) {
    let top = base + 2u * oy * row;
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
  if (lane == 0u) {
    mean_out[plane] = mean;
    rstd_out[plane] = stats.y;
  }
}
