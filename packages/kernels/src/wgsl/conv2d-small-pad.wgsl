// Zero-padded copy of the input for the small-reduction convolutions (conv2d-small*.wgsl):
//   xp[plane][r][col] = x[plane][r - pad_h][col - pad_w], zero outside x,
// for r < hp and col < 4 * wp4. The caller sizes hp and wp4 so that every window the kernels read
// lies inside the copy (padding, asymmetric padding and the edge groups included), and so that
// output column group g starts at vec4 g * stride_w: the kernels need no bounds checks.
// One invocation writes 4 columns as one vec4, on a 3-D grid (x: vec4 column, y: row, z: plane
// chunk), so there is no index division.
struct Params {
  planes: u32, h: u32, w: u32, pad_h: u32,
  pad_w: u32, hp: u32, wp4: u32, zp: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> xp: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> P: Params;

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let q = gid.x;
  let r = gid.y;
  if (q >= P.wp4 || r >= P.hp) {
    return;
  }
  let ih = i32(r) - i32(P.pad_h);
  let row_ok = ih >= 0 && ih < i32(P.h);
  let ihc = u32(clamp(ih, 0, i32(P.h) - 1));
  var ok: vec4<bool>;
  var iwc: vec4<u32>;
  for (var j = 0u; j < 4u; j++) {
    let iw = i32(4u * q + j) - i32(P.pad_w);
    ok[j] = row_ok && iw >= 0 && iw < i32(P.w);
    iwc[j] = u32(clamp(iw, 0, i32(P.w) - 1));
  }
  let plane_end = min(gid.z * P.zp + P.zp, P.planes);
  for (var plane = gid.z * P.zp; plane < plane_end; plane++) {
    let row = (plane * P.h + ihc) * P.w;
    var v: vec4<f32>;
    for (var j = 0u; j < 4u; j++) {
      v[j] = select(0.0, x[row + iwc[j]], ok[j]);
    }
    xp[(plane * P.hp + r) * P.wp4 + q] = v;
  }
}
