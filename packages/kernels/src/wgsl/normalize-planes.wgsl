// Per-plane normalisation without affine parameters (instance norm's core), plane = `hw` contiguous
// values, N = hw:
//   mean = Σx / N,  var = Σ(x - mean)² / N (biased, from centred values),  r = 1 / sqrt(var + eps),
//   y = (x - mean) · r.
// Three passes over the plane (sum, centred squares, output), two plane_sums. The variant prelude (V,
// W, hsum) and the shared head (normalize-planes-common.wgsl: WG, LANES, BLOCK, Params, slot_of,
// plane_sum) are prepended by the spec.
@group(0) @binding(0) var<storage, read> x: array<V>;
@group(0) @binding(1) var<storage, read_write> y: array<V>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let p = params;
  let s = slot_of(t, wid, nwg, p.planes, p.hw / W);
  let inv_n = 1.0 / f32(p.hw);

  var acc = V(0.0);
  for (var b = s.lane; b < s.len; b += BLOCK * LANES) {
    let e = min(b + BLOCK * LANES, s.len);
    var part = V(0.0);
    for (var k = b; k < e; k += LANES) {
      part += x[s.base + k];
    }
    acc += part;
  }
  let mean = V(plane_sum(vec4(hsum(acc), 0.0, 0.0, 0.0), t, 0u).x * inv_n);

  acc = V(0.0);
  for (var b = s.lane; b < s.len; b += BLOCK * LANES) {
    let e = min(b + BLOCK * LANES, s.len);
    var part = V(0.0);
    for (var k = b; k < e; k += LANES) {
      let d = x[s.base + k] - mean;
      part += d * d;
    }
    acc += part;
  }
  let r = inverseSqrt(plane_sum(vec4(hsum(acc), 0.0, 0.0, 0.0), t, 1u).x * inv_n + p.eps);
  if (!s.live) {
    return;
  }
  for (var k = s.lane; k < s.len; k += LANES) {
    y[s.base + k] = (x[s.base + k] - mean) * r;
  }
}
