// Backward of normalize-planes.wgsl, recomputing the statistics from x. Per plane (N = hw), with
// mean, r and xhat = (x - mean) · r as in the forward:
//   dx = r · (g - mean(g) - xhat · mean(g · xhat))  (= r · P(g), P = I - 11ᵀ/N - xhat xhatᵀ/N).
// Pass 1 sums x and g; pass 2 sums (x - mean)² and (g - mean(g)) · (x - mean) (centred, so no
// cancellation against the means); pass 3 writes dx. Two plane_sums. The spec prepends the element type
// (V, VW, hsum), Params and the shared head (plane-sum.wgsl).
@group(0) @binding(0) var<storage, read> x: array<V>;
@group(0) @binding(1) var<storage, read> g: array<V>;
@group(0) @binding(2) var<storage, read_write> dx: array<V>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn main(id: Ids) {
  let p = params;
  let s = slot_of(id, p.planes, p.hw / VW);
  let inv_n = 1.0 / f32(p.hw);

  var sx = V(0.0);
  var sg = V(0.0);
  for (var b = s.lane; b < s.len; b += BLOCK * LANES) {
    let e = min(b + BLOCK * LANES, s.len);
    var px = V(0.0);
    var pg = V(0.0);
    for (var k = b; k < e; k += LANES) {
      px += x[s.base + k];
      pg += g[s.base + k];
    }
    sx += px;
    sg += pg;
  }
  let m = plane_sum(vec4(hsum(sx), hsum(sg), 0.0, 0.0), id.t, 0u).xy * inv_n;
  let mx = V(m.x);
  let mg = V(m.y);

  var ss = V(0.0);
  var sgx = V(0.0);
  for (var b = s.lane; b < s.len; b += BLOCK * LANES) {
    let e = min(b + BLOCK * LANES, s.len);
    var pss = V(0.0);
    var pgx = V(0.0);
    for (var k = b; k < e; k += LANES) {
      let d = x[s.base + k] - mx;
      pss += d * d;
      pgx += (g[s.base + k] - mg) * d;
    }
    ss += pss;
    sgx += pgx;
  }
  let sums = plane_sum(vec4(hsum(ss), hsum(sgx), 0.0, 0.0), id.t, 1u).xy;
  let r = inverseSqrt(sums.x * inv_n + p.eps);
  if (!s.live) {
    return;
  }
  // dx = r · (g - mean(g)) - r · xhat · mean(g · xhat) = r · (g - mean(g)) - (x - mean) · c.
  let c = r * r * r * sums.y * inv_n;
  for (var k = s.lane; k < s.len; k += LANES) {
    dx[s.base + k] = r * (g[s.base + k] - mg) - (x[s.base + k] - mx) * c;
  }
}
