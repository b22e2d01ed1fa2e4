// Fused first-order backward of instance-norm.wgsl, per plane p (channel ch = p % c), with
// xhat = (x - mean) · rstd from the forward's stored statistics:
//   db[p] = Σ dy,  dw[p] = Σ dy · xhat   (per-plane partials; the op sums them over the batch)
//   dx = rstd · weight[ch] · (dy - db[p] / hw - xhat · dw[p] / hw)
// Both sums come from one pass and one plane_sum, then one pass writes dx. Replaces the composite's
// backward (broadcast binaries, reductions and the copies that expand reduction gradients). x, dy and
// dx are V (vec4 when hw % 4 == 0). With RELU (a ReLU fused on the forward output), dy is first masked
// to where the pre-activation is positive (relu_mask). The spec prepends the element type, Params and
// the plane-sum head (plane-sum.wgsl) and appends the bindings and helpers (instance-norm-grad-io.wgsl).
override RELU: bool = false;

alias DY = V;

@compute @workgroup_size(WG)
fn main(id: Ids) {
  let p = params;
  let s = slot_of(id, p.planes, p.hw / VW);
  let st = stored_of(s);

  var acc = vec2(0.0, 0.0);
  for (var b = s.lane; b < s.len; b += BLOCK * LANES) {
    let e = min(b + BLOCK * LANES, s.len);
    var s_dy = V(0.0);
    var s_dyx = V(0.0);
    for (var k = b; k < e; k += LANES) {
      let centred = x[s.base + k] - st.mean;
      let xhat = centred * st.rstd;
      let g = relu_mask(dy[s.base + k], centred, st);
      s_dy += g;
      s_dyx += g * xhat;
    }
    acc += vec2(hsum(s_dy), hsum(s_dyx));
  }
  let sums = plane_sum(vec4(acc, 0.0, 0.0), id.t, 0u).xy;
  if (!s.live) {
    return;
  }
  let inv_n = 1.0 / f32(p.hw);
  let scale = st.rstd * st.w;
  let c1 = sums.x * inv_n;
  let c2 = sums.y * inv_n;
  for (var k = s.lane; k < s.len; k += LANES) {
    let centred = x[s.base + k] - st.mean;
    let xhat = centred * st.rstd;
    dx[s.base + k] = scale * (relu_mask(dy[s.base + k], centred, st) - c1 - xhat * c2);
  }
  store_partials(s, sums);
}
