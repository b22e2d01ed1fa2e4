// conv2d forward for short reductions K = cIn * kh * kw (the first layer of a ConvNet: K = 9 to 75):
//   y[n, o, oh, ow] = sum over (c, kh, kw) of xp[n, c, oh*SH + kh, ow*SW + kw] * w[o, c, kh, kw]
// with xp the zero-padded copy of x (conv2d-small-pad.wgsl) and wk the weights as [cOut][KP4] vec4s
// (taps (c, kh, kw) in order, zero-padded to a multiple of 4).
//
// One invocation owns 4 adjacent output columns (group g) of every output row of its images, for
// OC output channels (o0 .. o0 + OC - 1), on a 3-D grid (x: g, y: image chunk, z: channel group):
// no index division. Its OC * K weights are loaded once and stay in registers. It walks the output
// rows in order: per row it loads the SH new input-window rows (the other KH - SH rows carry over
// from the previous row), does 4 * OC * K FMAs and stores OC vec4s, one per channel plane. The
// stores of a SIMD group therefore advance row by row through OC planes (on llvmpipe this ran
// 1.7x faster than an invocation per row block storing a few rows of every channel, where the
// store runs were short). llvmpipe stops an invocation after 65,535 loop iterations: the host
// keeps zn * (out_h + 1) well below that. conv2d-small.ts generates the //@ lines per
// (CIN, KH, KW, SH, SW, OC, output layout) variant.
struct Params {
  n: u32, cout: u32, out_h: u32, out_w: u32,
  groups: u32, images: u32, hp: u32, wp4: u32,
  zn: u32, pad0: u32, pad1: u32, pad2: u32,
}

@group(0) @binding(0) var<storage, read> xp: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> wk: array<vec4<f32>>;
//@OUT_DECL
@group(0) @binding(3) var<uniform> P: Params;

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let g = gid.x;
  if (g >= P.groups || gid.y >= P.images) {
    return;
  }
  let o0 = gid.z * OC;
  let plane = P.hp * P.wp4;
  let wp4 = P.wp4;
  //@HOIST
  let n_end = min(gid.y * P.zn + P.zn, P.n);
  for (var n = gid.y * P.zn; n < n_end; n++) {
    let xb = n * CIN * plane + g * SW;
    //@CARRY_INIT
    for (var oh = 0u; oh < P.out_h; oh++) {
      let xr = xb + oh * SH * wp4;
      //@WINDOW
      //@ACC
      //@STORE
      //@SHIFT
    }
  }
}
