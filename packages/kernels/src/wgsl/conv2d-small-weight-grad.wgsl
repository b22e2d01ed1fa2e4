// Weight gradient for short reductions K = cIn * kh * kw (first layers), partial sums:
//   part[row][o * K + t] = sum over the images n of chunk `ck` and every output row oh of
//                          sum over j < 4 of dy[n, o, oh, 4g + j] * xp[n, c, oh*SH + kh, (4g + j)*SW + kw]
// for tap t = (c, kh, kw), row = ck * groups + g. The caller sums the rows (reduce), so every
// weight is a sum over batch x pixels without float atomics.
//
// One invocation owns output column group g (4 columns), OC output channels (o0 .. o0 + OC - 1)
// and a chunk of `ns` images, on a 3-D grid (x: g, y: image chunk, z: channel group): no index
// division. It walks the output rows of each image in order, so each of its dY streams (one per
// channel) and its input rows advance sequentially through memory (the hardware prefetcher keeps
// up; walking images at a fixed row instead made every dY load a cache miss on llvmpipe). Per row
// it loads the input window (CIN * KH rows of NV vec4s from the zero-padded copy: no bounds
// checks) and one dY vec4 per channel, and adds 4 * OC * K products into OC * K scalar
// accumulators held in registers. llvmpipe stops an invocation after 65,535 loop iterations: the
// host keeps ns * (out_h + 1) well below that. conv2d-small.ts generates the //@ lines per
// (CIN, KH, KW, SH, SW, OC, dY layout) variant.
struct Params {
  n: u32, cout: u32, out_h: u32, out_w: u32,
  groups: u32, chunks: u32, hp: u32, wp4: u32,
  ns: u32, cols: u32, pad0: u32, pad1: u32,
}

//@DY_DECL
@group(0) @binding(1) var<storage, read> xp: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> part: array<f32>;
@group(0) @binding(3) var<uniform> P: Params;

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let g = gid.x;
  let ck = gid.y;
  if (g >= P.groups || ck >= P.chunks) {
    return;
  }
  let o0 = gid.z * OC;
  let plane = P.hp * P.wp4;
  let wp4 = P.wp4;
  //@HOIST
  let n_end = min(ck * P.ns + P.ns, P.n);
  for (var n = ck * P.ns; n < n_end; n++) {
    //@IMAGE
    for (var oh = 0u; oh < P.out_h; oh++) {
      let xb = n * CIN * plane + oh * SH * wp4 + g * SW;
      //@WINDOW
      //@DY
      //@ACC
    }
  }
  let pb = (ck * P.groups + g) * P.cols + o0 * K;
  //@STORE
}
