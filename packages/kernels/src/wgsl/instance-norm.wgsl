// Fused instance norm forward (GroupNorm(C, C) with affine, as PyTorch computes it) over planes
// p = (sample, channel) of hw contiguous values each, channel = p % c:
//   mean = Σx / hw,  var = Σ(x - mean)² / hw (biased, from centred values, not E[x²] - E[x]²),
//   rstd = 1 / sqrt(var + eps),  y = (x - mean) · rstd · weight[c] + bias[c].
// mean and rstd are stored per plane for the backward kernel. Three passes over the plane (mean,
// variance, output; a plane stays in cache between them) replace ~10 composite ops. x and y are read
// and written as V (vec4 when hw % 4 == 0: on llvmpipe a vec4 load costs about 1.8 scalar loads). The
// spec prepends the element type, Params and the plane-sum head (plane-sum.wgsl), and appends the
// bindings (instance-norm-io.wgsl) and plane_stats (plane-stats.wgsl).
override RELU: bool = false;

alias Y = V;

@compute @workgroup_size(WG)
fn main(id: Ids) {
  let p = params;
  let s = slot_of(id, p.planes, p.hw / VW);
  let stats = plane_stats(s, id.t, p.hw, p.eps);
  if (!s.live) {
    return;
  }
  let mean = stats.x;
  let ch = s.plane % p.c;
  let scale = stats.y * weight[ch];
  let shift = bias[ch];
  for (var k = s.lane; k < s.len; k += LANES) {
    let v = (x[s.base + k] - mean) * scale + shift;
    y[s.base + k] = select(v, max(v, V(0.0)), RELU);
  }
  store_stats(s, stats);
}
