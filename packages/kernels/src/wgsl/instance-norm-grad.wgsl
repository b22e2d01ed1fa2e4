// Fused first-order backward of instance-norm.wgsl, per plane p (channel ch = p % c), with
// xhat = (x - mean) · rstd from the forward's stored statistics:
//   db[p] = Σ dy,  dw[p] = Σ dy · xhat   (per-plane partials; the op sums them over the batch)
//   dx = rstd · weight[ch] · (dy - db[p] / hw - xhat · dw[p] / hw)
// Both sums come from one pass and one plane_sum, then one pass writes dx. Replaces the composite's
// backward (broadcast binaries, reductions and the copies that expand reduction gradients). x, dy and
// dx are V (vec4 when hw % 4 == 0); the element type and the plane-sum head (plane-sum.wgsl) are
// prepended by the spec. With RELU (a ReLU fused on the forward output), dy is first masked to where
// the pre-activation xhat · weight + bias is positive, recomputed here rather than stored.
override RELU: bool = false;

struct Params { planes: u32, c: u32, hw: u32, eps: f32 }

@group(0) @binding(0) var<storage, read> x: array<V>;
@group(0) @binding(1) var<storage, read> dy: array<V>;
@group(0) @binding(2) var<storage, read> weight: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read> mean_in: array<f32>;
@group(0) @binding(5) var<storage, read> rstd_in: array<f32>;
@group(0) @binding(6) var<storage, read_write> dx: array<V>;
@group(0) @binding(7) var<storage, read_write> dw_part: array<f32>;
@group(0) @binding(8) var<storage, read_write> db_part: array<f32>;
@group(0) @binding(9) var<uniform> params: Params;

// dy, masked by the fused ReLU's derivative when RELU is set.
fn grad_at(i: u32, xhat: V, w: f32, b: f32) -> V {
  let g = dy[i];
  return select(g, select(V(0.0), g, xhat * w + b > V(0.0)), RELU);
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let p = params;
  let lane = t % LANES;
  let plane = (wid.x + wid.y * nwg.x) * (WG / LANES) + t / LANES;
  // Invocations past the last plane stay for plane_sum's barriers, over an empty plane.
  let live = plane < p.planes;
  let len = select(0u, p.hw / VW, live);
  let base = select(0u, plane * (p.hw / VW), live);
  let at = min(plane, p.planes - 1u);
  let mean = mean_in[at];
  let rstd = rstd_in[at];
  let w = weight[at % p.c];
  let bb = bias[at % p.c];

  var acc = vec2(0.0, 0.0);
  for (var b = lane; b < len; b += BLOCK * LANES) {
    let e = min(b + BLOCK * LANES, len);
    var s_dy = V(0.0);
    var s_dyx = V(0.0);
    for (var k = b; k < e; k += LANES) {
      let xhat = (x[base + k] - mean) * rstd;
      let g = grad_at(base + k, xhat, w, bb);
      s_dy += g;
      s_dyx += g * xhat;
    }
    acc += vec2(hsum(s_dy), hsum(s_dyx));
  }
  let sums = plane_sum(acc, t, 0u);
  if (!live) {
    return;
  }
  let inv_n = 1.0 / f32(p.hw);
  let scale = rstd * w;
  let c1 = sums.x * inv_n;
  let c2 = sums.y * inv_n;
  for (var k = lane; k < len; k += LANES) {
    let xhat = (x[base + k] - mean) * rstd;
    dx[base + k] = scale * (grad_at(base + k, xhat, w, bb) - c1 - xhat * c2);
  }
  if (lane == 0u) {
    db_part[plane] = sums.x;
    dw_part[plane] = sums.y;
  }
}
