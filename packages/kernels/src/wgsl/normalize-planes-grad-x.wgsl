// Gradient in x of <a, dx> for dx = normalize-planes-backward(x, g): the second-order term of the
// normalisation, recomputing the statistics from x. Per plane (N = hw), with mean, r, xhat as in the
// forward, M_u = mean(u), M_ux = mean(u · xhat), cov = mean((a - M_a)(g - M_g)):
//   gx = -r² · (xhat · (cov - 3 · M_gx · M_ax) + M_ax · (g - M_g) + M_gx · (a - M_a)),
// which is -(r² xhat / N)(Σag - M_g Σa - M_gx Σa·xhat) - (r²/N)(Σa·xhat) P(g) - r² M_gx P(a) with
// P(u) = u - M_u - xhat · M_ux, regrouped. Pass 1 sums x, g, a; pass 2 the centred products
// (x - mean)², (g - M_g)(x - mean), (a - M_a)(x - mean), (a - M_a)(g - M_g); pass 3 writes gx. Two
// plane_sums. The spec prepends the element type (V, VW, hsum), Params and the shared head
// (plane-sum.wgsl).
@group(0) @binding(0) var<storage, read> x: array<V>;
@group(0) @binding(1) var<storage, read> g: array<V>;
@group(0) @binding(2) var<storage, read> a: array<V>;
@group(0) @binding(3) var<storage, read_write> gx: array<V>;
@group(0) @binding(4) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn main(id: Ids) {
  let p = params;
  let s = slot_of(id, p.planes, p.hw / VW);
  let inv_n = 1.0 / f32(p.hw);

  var sx = V(0.0);
  var sg = V(0.0);
  var sa = V(0.0);
  for (var b = s.lane; b < s.len; b += BLOCK * LANES) {
    let e = min(b + BLOCK * LANES, s.len);
    var px = V(0.0);
    var pg = V(0.0);
    var pa = V(0.0);
    for (var k = b; k < e; k += LANES) {
      px += x[s.base + k];
      pg += g[s.base + k];
      pa += a[s.base + k];
    }
    sx += px;
    sg += pg;
    sa += pa;
  }
  let m = plane_sum(vec4(hsum(sx), hsum(sg), hsum(sa), 0.0), id.t, 0u).xyz * inv_n;
  let mx = V(m.x);
  let mg = V(m.y);
  let ma = V(m.z);

  var s0 = V(0.0);
  var s1 = V(0.0);
  var s2 = V(0.0);
  var s3 = V(0.0);
  for (var b = s.lane; b < s.len; b += BLOCK * LANES) {
    let e = min(b + BLOCK * LANES, s.len);
    var p0 = V(0.0);
    var p1 = V(0.0);
    var p2 = V(0.0);
    var p3 = V(0.0);
    for (var k = b; k < e; k += LANES) {
      let d = x[s.base + k] - mx;
      let dg = g[s.base + k] - mg;
      let da = a[s.base + k] - ma;
      p0 += d * d;
      p1 += dg * d;
      p2 += da * d;
      p3 += da * dg;
    }
    s0 += p0;
    s1 += p1;
    s2 += p2;
    s3 += p3;
  }
  // var, mean((g - M_g)(x - mean)), mean((a - M_a)(x - mean)), cov.
  let sums = plane_sum(vec4(hsum(s0), hsum(s1), hsum(s2), hsum(s3)), id.t, 1u) * inv_n;
  let r = inverseSqrt(sums.x + p.eps);
  if (!s.live) {
    return;
  }
  let m_gx = r * sums.y;
  let m_ax = r * sums.z;
  let r2 = r * r;
  // gx = cx · (x - mean) + cg · (g - M_g) + ca · (a - M_a), with xhat = (x - mean) · r folded into cx.
  let cx = -r2 * r * (sums.w - 3.0 * m_gx * m_ax);
  let cg = -r2 * m_ax;
  let ca = -r2 * m_gx;
  for (var k = s.lane; k < s.len; k += LANES) {
    gx[s.base + k] = cx * (x[s.base + k] - mx) + cg * (g[s.base + k] - mg) + ca * (a[s.base + k] - ma);
  }
}
