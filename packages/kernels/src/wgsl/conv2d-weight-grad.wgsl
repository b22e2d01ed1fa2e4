// Hooks of conv2d's weight gradient as an implicit GEMM for matmul-tile.wgsl:
//   dW[o, j] = sum over pixels (n, oh, ow) of dY[n, o, oh, ow] * X[n, c, oh*sh - ph + kh, ow*sw - pw + kw]
// with rows o, columns j = (kh, kw, c) (c padded to cp4 * 4) and K = every output pixel. K is huge and
// M, N small, so grid layer z sums only rows_per_split output rows (n, oh) into its own partial
// dW (the host adds the layers); a block is one output row, walked four pixels per step.
// Inputs are channels-last copies (conv-layout.wgsl): dyh[pixel][cop4] and xh[pixel][cp4].
struct Params {
  cout: u32, cin: u32, h: u32, w: u32,
  kw: u32, khw: u32, stride_h: u32, stride_w: u32,
  pad_h: u32, pad_w: u32, out_h: u32, out_w: u32,
  cp4: u32, cop4: u32, rows: u32, rows_per_split: u32,
}

@group(0) @binding(0) var<storage, read> dyh: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> xh: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> dw: array<f32>;
@group(0) @binding(3) var<uniform> P: Params;

var<private> g_row0: u32;
var<private> g_col0: u32;
var<private> g_z: u32;
var<private> g_pix: u32;
// Per column vec4 of the tile: its tap (kh, kw) and channel vec4.
var<private> c_kh: array<u32, TN4>;
var<private> c_kw: array<u32, TN4>;
var<private> c_c4: array<u32, TN4>;
// Per column vec4, for the current output row: first pixel of its input row, and whether it exists.
var<private> c_row: array<u32, TN4>;
var<private> c_row_ok: array<bool, TN4>;
// Per pixel of the current step: its dY pixel index and whether it is inside the row.
var<private> s_pix: array<u32, 4>;
var<private> s_ok: array<bool, 4>;

fn gemm_size() -> vec2<u32> {
  return vec2<u32>(P.cout, P.khw * P.cp4 * 4u);
}

fn gemm_blocks(z: u32) -> vec2<u32> {
  let first = z * P.rows_per_split;
  return vec2<u32>(first, min(first + P.rows_per_split, P.rows));
}

fn gemm_begin(row0: u32, col0: u32, z: u32) {
  g_row0 = row0;
  g_col0 = col0;
  g_z = z;
  let last = P.khw * P.cp4 - 1u;
  for (var jb = 0u; jb < TN4; jb++) {
    let j4 = min(col0 / 4u + jb, last);
    let kb = j4 / P.cp4;
    c_kh[jb] = kb / P.kw;
    c_kw[jb] = kb % P.kw;
    c_c4[jb] = j4 % P.cp4;
  }
}

// Block kb is output row (n, oh) = (kb / out_h, kb % out_h).
fn gemm_block(kb: u32) -> vec2<u32> {
  let img = kb / P.out_h;
  let top = i32((kb % P.out_h) * P.stride_h) - i32(P.pad_h);
  g_pix = kb * P.out_w;
  for (var jb = 0u; jb < TN4; jb++) {
    let ih = top + i32(c_kh[jb]);
    let ok = ih >= 0 && ih < i32(P.h);
    c_row_ok[jb] = ok;
    c_row[jb] = select(0u, (img * P.h + u32(ih)) * P.w, ok);
  }
  return vec2<u32>(0u, (P.out_w + 3u) / 4u);
}

fn gemm_step(kk: u32) {
  for (var q = 0u; q < 4u; q++) {
    let ow = kk * 4u + q;
    s_ok[q] = ow < P.out_w;
    s_pix[q] = g_pix + min(ow, P.out_w - 1u);
  }
}

// Column r is output channel row0 + 4 ib + r at the step's four pixels (dY is channels-last, so one
// vec4 holds four channels of one pixel: load per pixel, transpose in registers).
fn load_a(ib: u32, kk: u32) -> mat4x4<f32> {
  let o4 = min(g_row0 / 4u + ib, P.cop4 - 1u);
  var t: mat4x4<f32>;
  for (var q = 0u; q < 4u; q++) {
    t[q] = select(vec4<f32>(0.0), dyh[s_pix[q] * P.cop4 + o4], s_ok[q]);
  }
  return transpose(t);
}

fn load_b(jb: u32, kk: u32) -> mat4x4<f32> {
  var b: mat4x4<f32>;
  let left = i32(kk * 4u * P.stride_w + c_kw[jb]) - i32(P.pad_w);
  for (var q = 0u; q < 4u; q++) {
    let iw = left + i32(q * P.stride_w);
    let ok = s_ok[q] && c_row_ok[jb] && iw >= 0 && iw < i32(P.w);
    b[q] = select(vec4<f32>(0.0), xh[select(0u, (c_row[jb] + u32(iw)) * P.cp4 + c_c4[jb], ok)], ok);
  }
  return b;
}

fn store_c(i: u32, jb: u32, v: vec4<f32>) {
  let o = g_row0 + i;
  if (o >= P.cout) {
    return;
  }
  let cp = P.cp4 * 4u;
  for (var q = 0u; q < 4u; q++) {
    let j = g_col0 + jb * 4u + q;
    let c = j % cp;
    let kb = j / cp;
    if (kb < P.khw && c < P.cin) {
      dw[((g_z * P.cout + o) * P.cin + c) * P.khw + kb] = v[q];
    }
  }
}
