// Per-plane normalisation without affine parameters (instance norm's core), plane = `hw` contiguous
// values, N = hw:
//   mean = Σx / N,  var = Σ(x - mean)² / N (biased, from centred values),  r = 1 / sqrt(var + eps),
//   y = (x - mean) · r.
// Three passes over the plane (sum and centred squares in plane_stats, then the output), two
// plane_sums. The spec prepends the element type (V, VW, hsum), Params and the shared head
// (plane-sum.wgsl: WG, LANES, BLOCK, Ids, slot_of, plane_sum) and appends plane-stats.wgsl.
@group(0) @binding(0) var<storage, read> x: array<V>;
@group(0) @binding(1) var<storage, read_write> y: array<V>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn main(id: Ids) {
  let p = params;
  let s = slot_of(id, p.planes, p.hw / VW);
  let stats = plane_stats(s, id.t, p.hw, p.eps);
  if (!s.live) {
    return;
  }
  let mean = stats.x;
  let r = stats.y;
  for (var k = s.lane; k < s.len; k += LANES) {
    y[s.base + k] = (x[s.base + k] - mean) * r;
  }
}
