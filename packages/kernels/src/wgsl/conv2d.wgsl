// Hooks of conv2d forward (implicit GEMM) for matmul-tile.wgsl:
//   C[p, o] = sum over (kh, kw, c) of X[n, c, oh*sh - ph + kh, ow*sw - pw + kw] * W[o, c, kh, kw]
// with rows p = (n, oh, ow), columns o, and K walked tap by tap (kh, kw), cp4 vec4 steps over
// channels each. Inputs are channels-last copies (conv-layout.wgsl): xh[n*h*w + pixel][cp4] and
// wt[o * khw + kb][cp4]. Padding taps read zero. The NCHW output
// (binding 2) is written by conv-store-nchw*.wgsl.
struct Params {
  m: u32, h: u32, w: u32, cout: u32,
  kw: u32, khw: u32, stride_h: u32, stride_w: u32,
  pad_h: u32, pad_w: u32, out_h: u32, out_w: u32,
  cp4: u32, pad0: u32, pad1: u32, pad2: u32,
}

@group(0) @binding(0) var<storage, read> xh: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> wt: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> P: Params;

var<private> g_row0: u32;
var<private> g_col0: u32;
var<private> g_c4: u32;
// Per tile row: first pixel of its image, and the input position of tap (0, 0) (may be negative).
var<private> r_img: array<u32, TM>;
var<private> r_ih: array<i32, TM>;
var<private> r_iw: array<i32, TM>;
// Per tile row, for the current tap: vec4 index of channel 0, and whether the tap is inside.
var<private> r_addr: array<u32, TM>;
var<private> r_ok: array<bool, TM>;

fn gemm_size() -> vec2<u32> {
  return vec2<u32>(P.m, P.cout);
}

fn gemm_layers() -> u32 {
  return 1u;
}

fn gemm_blocks(z: u32) -> vec2<u32> {
  return vec2<u32>(0u, 1u);
}

fn gemm_begin(row0: u32, col0: u32, z: u32) {
  g_row0 = row0;
  g_col0 = col0;
  for (var r = 0u; r < TM; r++) {
    let p = min(row0 + r, P.m - 1u);
    let ow = p % P.out_w;
    let t = p / P.out_w;
    let oh = t % P.out_h;
    r_img[r] = (t / P.out_h) * P.h * P.w;
    r_ih[r] = i32(oh * P.stride_h) - i32(P.pad_h);
    r_iw[r] = i32(ow * P.stride_w) - i32(P.pad_w);
  }
}

fn start_tap(kb: u32) {
  let kh = i32(kb / P.kw);
  let kw = i32(kb % P.kw);
  for (var r = 0u; r < TM; r++) {
    let ih = r_ih[r] + kh;
    let iw = r_iw[r] + kw;
    let ok = ih >= 0 && ih < i32(P.h) && iw >= 0 && iw < i32(P.w);
    r_ok[r] = ok;
    r_addr[r] = select(0u, (r_img[r] + u32(ih) * P.w + u32(iw)) * P.cp4, ok);
  }
}

// One block of khw * cp4 steps: step kk is channel vec4 kk % cp4 of tap kk / cp4. Walking the taps
// inside one block (rather than a block per tap) keeps the accumulators in flight across taps.
fn gemm_block(kb: u32) -> vec2<u32> {
  return vec2<u32>(0u, P.khw * P.cp4);
}

fn gemm_step(kk: u32) {
  g_c4 = kk % P.cp4;
  if (g_c4 == 0u) {
    start_tap(kk / P.cp4);
  }
}

fn load_a(ib: u32, kk: u32) -> mat4x4<f32> {
  var a: mat4x4<f32>;
  for (var r = 0u; r < 4u; r++) {
    let i = ib * 4u + r;
    a[r] = select(vec4<f32>(0.0), xh[r_addr[i] + g_c4], r_ok[i]);
  }
  return a;
}

fn load_b(jb: u32, kk: u32) -> mat4x4<f32> {
  var t: mat4x4<f32>;
  for (var c = 0u; c < 4u; c++) {
    let o = min(g_col0 + jb * 4u + c, P.cout - 1u);
    t[c] = wt[o * P.khw * P.cp4 + kk];
  }
  return transpose(t);
}

fn out_rows() -> u32 {
  return P.m;
}

fn out_plane() -> u32 {
  return P.out_h * P.out_w;
}

fn out_channels() -> u32 {
  return P.cout;
}
