// Input gradient (conv_transpose2d) for short reductions K = cIn * kh * kw (first layers), stride 1:
//   dx[n, c, ih, iw] = sum over (o, kh, kw) of dy[n, o, ih + pad_h - kh, iw + pad_w - kw] * w[o, c, kh, kw]
// with dy read as zero outside its plane. Needs w % 4 == 0 and out_w % 4 == 0 (vec4 rows).
//
// One invocation owns 4 adjacent input columns (group g) of RY rows of one image, for all CIN
// channels, on a 3-D grid (x: g, y: row group, z: image chunk): no index division. It loops over
// the output channels; per channel it loads the dY window those pixels receive from (RY + KH - 1
// rows of NV aligned vec4s; the row and column checks are hoisted out of the loop) and KP4 weight
// vec4s, and adds CIN * RY * KH * KW vec4 FMAs into CIN * RY vec4 accumulators. The window starts
// SHIFT columns before its first needed column (SHIFT = (pad_w - KW + 1) mod 4, a per-variant constant),
// so every load is an aligned vec4. conv2d-small.ts generates the //@ lines per
// (CIN, KH, KW, RY, SHIFT) variant.
struct Params {
  n: u32, cout: u32, h: u32, w4: u32,
  out_h: u32, ow4: u32, row_groups: u32, zn: u32,
  row_off: i32, col_off4: i32, pad0: u32, pad1: u32,
}

@group(0) @binding(0) var<storage, read> dy: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> wk: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> dx: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> P: Params;

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let g = gid.x;
  let rg = gid.y;
  if (g >= P.w4 || rg >= P.row_groups) {
    return;
  }
  let ih0 = rg * RY;
  let ow4 = P.ow4;
  //@HOIST
  let n_end = min(gid.z * P.zn + P.zn, P.n);
  for (var n = gid.z * P.zn; n < n_end; n++) {
    //@ACC_INIT
    for (var o = 0u; o < P.cout; o++) {
      let yb = (n * P.cout + o) * P.out_h;
      //@WINDOW
      //@WEIGHTS
      //@ACC
    }
    //@STORE
  }
}
