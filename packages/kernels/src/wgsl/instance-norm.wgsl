// Fused instance norm forward (GroupNorm(C, C) with affine, as PyTorch computes it) over planes
// p = (sample, channel) of hw contiguous values each, channel = p % c:
//   mean = Σx / hw,  var = Σ(x - mean)² / hw (biased, from centred values, not E[x²] - E[x]²),
//   rstd = 1 / sqrt(var + eps),  y = (x - mean) · rstd · weight[c] + bias[c].
// mean and rstd are stored per plane for the backward kernel. Three passes over the plane (mean,
// variance, output; a plane stays in cache between them) replace ~10 composite ops. x and y are read
// and written as V (vec4 when hw % 4 == 0: on llvmpipe a vec4 load costs about 1.8 scalar loads). The
// element type, the plane-sum head (plane-sum.wgsl) and plane_stats (instance-norm-stats.wgsl) are
// prepended by the spec.
override RELU: bool = false;

struct Params { planes: u32, c: u32, hw: u32, eps: f32 }

@group(0) @binding(0) var<storage, read> x: array<V>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<V>;
@group(0) @binding(4) var<storage, read_write> mean_out: array<f32>;
@group(0) @binding(5) var<storage, read_write> rstd_out: array<f32>;
@group(0) @binding(6) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let p = params;
  let lane = t % LANES;
  let plane = (wid.x + wid.y * nwg.x) * (WG / LANES) + t / LANES;
  // Invocations past the last plane stay to the end (plane_sum's barriers need every invocation) but
  // see an empty plane.
  let live = plane < p.planes;
  let len = select(0u, p.hw / VW, live);
  let base = select(0u, plane * (p.hw / VW), live);
  let stats = plane_stats(base, len, lane, t, p.hw, p.eps);
  let mean = stats.x;
  let rstd = stats.y;
  if (!live) {
    return;
  }
  let ch = plane % p.c;
  let scale = rstd * weight[ch];
  let shift = bias[ch];
  for (var k = lane; k < len; k += LANES) {
    let v = (x[base + k] - mean) * scale + shift;
    y[base + k] = select(v, max(v, V(0.0)), RELU);
  }
  if (lane == 0u) {
    mean_out[plane] = mean;
    rstd_out[plane] = rstd;
  }
}
