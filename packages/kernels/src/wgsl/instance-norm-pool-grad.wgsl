// Fused first-order backward of instance-norm-pool.wgsl from the forward's mean and rstd, reading the
// pooled gradient dy [outH, outW] per plane directly. The full-size gradient of the ReLU output is
// dy[y / 2, x / 2] / 4 where a window covers (y, x), 0 in a dropped odd last row or column; it is
// masked to where the pre-activation xhat · weight + bias is positive (RELU, recomputed from x, as in
// instance-norm-grad.wgsl), giving g. Then, with xhat = (x - mean) · rstd:
//   db[p] = Σ g,  dw[p] = Σ g · xhat   (per-plane partials; the op sums them over the batch)
//   dx = rstd · weight[ch] · (g - db[p] / hw - xhat · dw[p] / hw)   (g = 0 in dropped rows/columns).
// One pass over the covered windows for the sums, one plane_sum, one pass writing dx (covered windows,
// then a dropped last column and row). The prelude (instance-norm-pool.ts) defines V, O, spread_lo and
// spread_hi (the upsampled gradient of a window pair's left and right V), then plane-sum.wgsl.
override RELU: bool = true;

struct Params { planes: u32, c: u32, h: u32, w: u32, outH: u32, outW: u32, eps: f32 }

@group(0) @binding(0) var<storage, read> x: array<V>;
@group(0) @binding(1) var<storage, read> dy: array<O>;
@group(0) @binding(2) var<storage, read> weight: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read> mean_in: array<f32>;
@group(0) @binding(5) var<storage, read> rstd_in: array<f32>;
@group(0) @binding(6) var<storage, read_write> dx: array<V>;
@group(0) @binding(7) var<storage, read_write> dw_part: array<f32>;
@group(0) @binding(8) var<storage, read_write> db_part: array<f32>;
@group(0) @binding(9) var<uniform> params: Params;

// The upsampled gradient d, masked by the fused ReLU's derivative when RELU is set.
fn masked(d: V, xhat: V, w: f32, b: f32) -> V {
  return select(d, select(V(0.0), d, xhat * w + b > V(0.0)), RELU);
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let p = params;
  let lane = t % LANES;
  let plane = (wid.x + wid.y * nwg.x) * (WG / LANES) + t / LANES;
  // Invocations past the last plane stay for plane_sum's barriers, with no rows.
  let live = plane < p.planes;
  let at = min(plane, p.planes - 1u);
  let mean = mean_in[at];
  let rstd = rstd_in[at];
  let w = weight[at % p.c];
  let bb = bias[at % p.c];
  let row = p.w / VW;
  let cols = p.outW / VW;
  let rows = select(0u, p.outH, live);
  let base = at * p.h * row;
  let out0 = at * p.outH * cols;

  var acc = vec2(0.0, 0.0);
  for (var oy = lane; oy < rows; oy += LANES) {
    let top = base + 2u * oy * row;
    let o = out0 + oy * cols;
    var s_g = V(0.0);
    var s_gx = V(0.0);
    for (var j = 0u; j < cols; j++) {
      let d = 0.25 * dy[o + j];
      let k = top + 2u * j;
      let xa0 = (x[k] - mean) * rstd;
      let xa1 = (x[k + 1u] - mean) * rstd;
      let xb0 = (x[k + row] - mean) * rstd;
      let xb1 = (x[k + row + 1u] - mean) * rstd;
      let ga0 = masked(spread_lo(d), xa0, w, bb);
      let ga1 = masked(spread_hi(d), xa1, w, bb);
      let gb0 = masked(spread_lo(d), xb0, w, bb);
      let gb1 = masked(spread_hi(d), xb1, w, bb);
      s_g += (ga0 + ga1) + (gb0 + gb1);
      s_gx += (ga0 * xa0 + ga1 * xa1) + (gb0 * xb0 + gb1 * xb1);
    }
    acc += vec2(hsum(s_g), hsum(s_gx));
  }
  let sums = plane_sum(acc, t, 0u);
  if (!live) {
    return;
  }
  let hw = p.h * p.w;
  let scale = rstd * w;
  let c1 = V(sums.x / f32(hw));
  let c2 = sums.y / f32(hw);
  for (var oy = lane; oy < rows; oy += LANES) {
    let top = base + 2u * oy * row;
    let o = out0 + oy * cols;
    for (var j = 0u; j < cols; j++) {
      let d = 0.25 * dy[o + j];
      let k = top + 2u * j;
      let xa0 = (x[k] - mean) * rstd;
      let xa1 = (x[k + 1u] - mean) * rstd;
      let xb0 = (x[k + row] - mean) * rstd;
      let xb1 = (x[k + row + 1u] - mean) * rstd;
      dx[k] = scale * (masked(spread_lo(d), xa0, w, bb) - c1 - xa0 * c2);
      dx[k + 1u] = scale * (masked(spread_hi(d), xa1, w, bb) - c1 - xa1 * c2);
      dx[k + row] = scale * (masked(spread_lo(d), xb0, w, bb) - c1 - xb0 * c2);
      dx[k + row + 1u] = scale * (masked(spread_hi(d), xb1, w, bb) - c1 - xb1 * c2);
    }
    // An odd w (f32 elements only): the last column of both rows is in no window, so g = 0 there.
    if (2u * cols < row) {
      let k = top + row - 1u;
      dx[k] = scale * (-c1 - (x[k] - mean) * rstd * c2);
      dx[k + row] = scale * (-c1 - (x[k + row] - mean) * rstd * c2);
    }
  }
  // An odd h: the last row is in no window.
  if (2u * p.outH < p.h) {
    let last = base + (p.h - 1u) * row;
    for (var k = last + lane; k < last + row; k += LANES) {
      dx[k] = scale * (-c1 - (x[k] - mean) * rstd * c2);
    }
  }
  if (lane == 0u) {
    db_part[plane] = sums.x;
    dw_part[plane] = sums.y;
  }
}
