// Per-plane statistics shared by instance-norm.wgsl, instance-norm-pool.wgsl and normalize-planes.wgsl
// (their specs append it to the body; every one declares `x: array<V>`): mean = Σx / hw, then the
// biased variance of the centred values (a second pass, not E[x²] - E[x]², which cancels badly when the
// mean is large against the spread), rstd = 1 / sqrt(var + eps). A plane stays in cache between the
// two passes.

// Σ x (squared false) or Σ (x - shift)² (squared true) over this lane's V elements
// k = lane, lane + LANES, ... < len of the plane at base, in blocks of BLOCK (plane-sum.wgsl).
fn sum_blocks(base: u32, len: u32, lane: u32, shift: f32, squared: bool) -> f32 {
  var acc = 0.0;
  for (var b = lane; b < len; b += BLOCK * LANES) {
    let e = min(b + BLOCK * LANES, len);
    var part = V(0.0);
    for (var k = b; k < e; k += LANES) {
      let d = x[base + k] - shift;
      part += select(d, d * d, squared);
    }
    acc += hsum(part);
  }
  return acc;
}

// vec2(mean, rstd) of slot s's plane of hw values; every lane of the plane gets them. Call in uniform
// control flow (plane_sum's barriers), also from invocations past the last plane (their slot is
// empty). Uses both plane_sum slots.
fn plane_stats(s: Slot, t: u32, hw: u32, eps: f32) -> vec2<f32> {
  let inv_n = 1.0 / f32(hw);
  let mean = plane_sum(vec4(sum_blocks(s.base, s.len, s.lane, 0.0, false), 0.0, 0.0, 0.0), t, 0u).x * inv_n;
  let ss = plane_sum(vec4(sum_blocks(s.base, s.len, s.lane, mean, true), 0.0, 0.0, 0.0), t, 1u).x;
  return vec2(mean, inverseSqrt(ss * inv_n + eps));
}
