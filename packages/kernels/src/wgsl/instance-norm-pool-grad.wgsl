// Fused first-order backward of instance-norm-pool.wgsl from the forward's mean and rstd, reading the
// pooled gradient dy [outH, outW] per plane directly. The full-size gradient of the ReLU output is
// dy[y / 2, x / 2] / 4 where a window covers (y, x), 0 in a dropped odd last row or column; it is
// masked to where the pre-activation xhat · weight + bias is positive (RELU, recomputed from x, as in
// instance-norm-grad.wgsl), giving g. Then, with xhat = (x - mean) · rstd:
//   db[p] = Σ g,  dw[p] = Σ g · xhat   (per-plane partials; the op sums them over the batch)
//   dx = rstd · weight[ch] · (g - db[p] / hw - xhat · dw[p] / hw)   (g = 0 in dropped rows/columns).
// One pass over the covered windows for the sums, one plane_sum, one pass writing dx (covered windows,
// then a dropped last column and row). The spec (instance-norm-pool.ts) supplies V, O, spread_lo and
// spread_hi (the upsampled gradient of a window pair's left and right V), Params and plane-sum.wgsl,
// and appends instance-norm-grad-io.wgsl (bindings, stored_of, relu_mask, store_partials).
override RELU: bool = true;

alias DY = O;

// One pooled element's window pair: xhat of its four input V (rows a and b, left 0 and right 1) and
// their gradients g (the upsampled dy, masked by the ReLU). Both passes rebuild it from x and dy.
struct Window { xa0: V, xa1: V, xb0: V, xb1: V, ga0: V, ga1: V, gb0: V, gb1: V }

// The window whose top-left input V is k (rows of `row` V) and whose pooled gradient is dy[o].
fn window(k: u32, row: u32, o: u32, st: Stored) -> Window {
  let d = 0.25 * dy[o];
  let ca0 = x[k] - st.mean;
  let ca1 = x[k + 1u] - st.mean;
  let cb0 = x[k + row] - st.mean;
  let cb1 = x[k + row + 1u] - st.mean;
  return Window(ca0 * st.rstd, ca1 * st.rstd, cb0 * st.rstd, cb1 * st.rstd, relu_mask(spread_lo(d), ca0, st), relu_mask(spread_hi(d), ca1, st),
                relu_mask(spread_lo(d), cb0, st), relu_mask(spread_hi(d), cb1, st));
}

@compute @workgroup_size(WG)
fn main(id: Ids) {
  let p = params;
  // Invocations past the last plane stay for plane_sum's barriers, with no rows.
  let s = slot_of(id, p.planes, p.h * p.w / VW);
  let st = stored_of(s);
  let row = p.w / VW;
  let cols = p.outW / VW;
  let rows = select(0u, p.outH, s.live);
  let out0 = s.plane * p.outH * cols;

  var acc = vec2(0.0, 0.0);
  for (var oy = s.lane; oy < rows; oy += LANES) {
    let top = s.base + 2u * oy * row;
    let o = out0 + oy * cols;
    var s_g = V(0.0);
    var s_gx = V(0.0);
    for (var j = 0u; j < cols; j++) {
      let v = window(top + 2u * j, row, o + j, st);
      s_g += (v.ga0 + v.ga1) + (v.gb0 + v.gb1);
      s_gx += (v.ga0 * v.xa0 + v.ga1 * v.xa1) + (v.gb0 * v.xb0 + v.gb1 * v.xb1);
    }
    acc += vec2(hsum(s_g), hsum(s_gx));
  }
  let sums = plane_sum(vec4(acc, 0.0, 0.0), id.t, 0u).xy;
  if (!s.live) {
    return;
  }
  let hw = p.h * p.w;
  let scale = st.rstd * st.w;
  let c1 = V(sums.x / f32(hw));
  let c2 = sums.y / f32(hw);
  for (var oy = s.lane; oy < rows; oy += LANES) {
    let top = s.base + 2u * oy * row;
    let o = out0 + oy * cols;
    for (var j = 0u; j < cols; j++) {
      let k = top + 2u * j;
      let v = window(k, row, o + j, st);
      dx[k] = scale * (v.ga0 - c1 - v.xa0 * c2);
      dx[k + 1u] = scale * (v.ga1 - c1 - v.xa1 * c2);
      dx[k + row] = scale * (v.gb0 - c1 - v.xb0 * c2);
      dx[k + row + 1u] = scale * (v.gb1 - c1 - v.xb1 * c2);
    }
    // An odd w (f32 elements only): the last column of both rows is in no window, so g = 0 there.
    if (2u * cols < row) {
      let k = top + row - 1u;
      dx[k] = scale * (-c1 - (x[k] - st.mean) * st.rstd * c2);
      dx[k + row] = scale * (-c1 - (x[k + row] - st.mean) * st.rstd * c2);
    }
  }
  // An odd h: the last row is in no window.
  if (2u * p.outH < p.h) {
    let last = s.base + (p.h - 1u) * row;
    for (var k = last + s.lane; k < last + row; k += LANES) {
      dx[k] = scale * (-c1 - (x[k] - st.mean) * st.rstd * c2);
    }
  }
  store_partials(s, sums);
}
