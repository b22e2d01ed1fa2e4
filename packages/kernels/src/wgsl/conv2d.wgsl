// Hooks of conv2d forward (implicit GEMM) for matmul-tile.wgsl:
//   C[p, o] = sum over (kh, kw, c) of X[n, c, oh*sh - ph + kh, ow*sw - pw + kw] * W[o, c, kh, kw]
// with rows p = (n, oh, ow), columns o, and K walked as blocks kb = (kh, kw) of cp4 vec4 steps over
// channels. Inputs are channels-last copies (conv-layout.wgsl): xh[n*h*w + pixel][cp4] and
// wt[o * khw + kb][cp4]. Padding taps read zero. The output is written straight to NCHW.
struct Params {
  m: u32, h: u32, w: u32, cout: u32,
  kw: u32, khw: u32, stride_h: u32, stride_w: u32,
  pad_h: u32, pad_w: u32, out_h: u32, out_w: u32,
  cp4: u32, pad0: u32, pad1: u32, pad2: u32,
}

@group(0) @binding(0) var<storage, read> xh: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> wt: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> P: Params;

var<private> g_row0: u32;
var<private> g_col0: u32;
var<private> g_kb: u32;
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

fn gemm_blocks(z: u32) -> vec2<u32> {
  return vec2<u32>(0u, P.khw);
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

fn gemm_block(kb: u32) -> vec2<u32> {
  g_kb = kb;
  let kh = i32(kb / P.kw);
  let kw = i32(kb % P.kw);
  for (var r = 0u; r < TM; r++) {
    let ih = r_ih[r] + kh;
    let iw = r_iw[r] + kw;
    let ok = ih >= 0 && ih < i32(P.h) && iw >= 0 && iw < i32(P.w);
    r_ok[r] = ok;
    r_addr[r] = select(0u, (r_img[r] + u32(ih) * P.w + u32(iw)) * P.cp4, ok);
  }
  return vec2<u32>(0u, P.cp4);
}

fn gemm_step(kk: u32) {}

fn load_a(ib: u32, kk: u32) -> mat4x4<f32> {
  var a: mat4x4<f32>;
  for (var r = 0u; r < 4u; r++) {
    let i = ib * 4u + r;
    a[r] = select(vec4<f32>(0.0), xh[r_addr[i] + kk], r_ok[i]);
  }
  return a;
}

fn load_b(jb: u32, kk: u32) -> mat4x4<f32> {
  var t: mat4x4<f32>;
  for (var c = 0u; c < 4u; c++) {
    let o = min(g_col0 + jb * 4u + c, P.cout - 1u);
    t[c] = wt[(o * P.khw + g_kb) * P.cp4 + kk];
  }
  return transpose(t);
}

fn store_c(i: u32, jb: u32, v: vec4<f32>) {
  let p = g_row0 + i;
  if (p >= P.m) {
    return;
  }
  let hw = P.out_h * P.out_w;
  let img = p / hw;
  let base = img * P.cout * hw + p % hw;
  for (var c = 0u; c < 4u; c++) {
    let o = g_col0 + jb * 4u + c;
    if (o < P.cout) {
      out[base + o * hw] = v[c];
    }
  }
}
