// Hooks of conv2d's weight gradient as an implicit GEMM for matmul-tile.wgsl:
//   dW[o, j] = sum over pixels (n, oh, ow) of dY[n, o, oh, ow] * X[n, c, oh*sh - ph + kh, ow*sw - pw + kw]
// with rows o, columns j = (kh, kw, c) (c padded to cp4 * 4) and K = every output pixel. K is huge and
// M, N small, so layer z of `splits` sums only blocks_per_split blocks into its own partial dW (the
// host adds the layers). A block is `group` output rows of one image, walked four pixels of a row
// per step (ow4 steps a row); groups of rows keep blocks long when rows are short (8x8 maps).
// X is read from its channels-last copy (conv-layout.wgsl) xh[pixel][cp4]; dY (binding 0) and
// load_a come from conv2d-weight-grad-dy.wgsl (NCHW, four pixels of a channel per vec4, when
// out_w % 4 == 0) or conv2d-weight-grad-dyh.wgsl (channels-last copy, any shape).
struct Params {
  cout: u32, cin: u32, h: u32, w: u32,
  kw: u32, khw: u32, stride_h: u32, stride_w: u32,
  pad_h: u32, pad_w: u32, out_h: u32, out_w: u32,
  cp4: u32, cop4: u32, blocks: u32, blocks_per_split: u32,
  splits: u32, group: u32, blocks_per_image: u32, ow4: u32,
}

@group(0) @binding(1) var<storage, read> xh: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> dw: array<f32>;
@group(0) @binding(3) var<uniform> P: Params;

var<private> g_row0: u32;
var<private> g_col0: u32;
var<private> g_z: u32;
// The current block's image and first output row; the current row, its first pixel, and the
// current step's first pixel within the row.
var<private> g_img: u32;
var<private> g_oh0: u32;
var<private> g_oh: u32;
var<private> g_pix: u32;
var<private> g_ow0: u32;
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

fn gemm_layers() -> u32 {
  return P.splits;
}

fn gemm_blocks(z: u32) -> vec2<u32> {
  let first = z * P.blocks_per_split;
  return vec2<u32>(first, min(first + P.blocks_per_split, P.blocks));
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

fn gemm_block(kb: u32) -> vec2<u32> {
  g_img = kb / P.blocks_per_image;
  g_oh0 = (kb % P.blocks_per_image) * P.group;
  return vec2<u32>(0u, min(P.group, P.out_h - g_oh0) * P.ow4);
}

// Output row oh of the block's image: which input row each column's tap reads.
fn start_row(oh: u32) {
  g_oh = oh;
  g_pix = (g_img * P.out_h + oh) * P.out_w;
  let top = i32(oh * P.stride_h) - i32(P.pad_h);
  for (var jb = 0u; jb < TN4; jb++) {
    let ih = top + i32(c_kh[jb]);
    let ok = ih >= 0 && ih < i32(P.h);
    c_row_ok[jb] = ok;
    c_row[jb] = select(0u, (g_img * P.h + u32(ih)) * P.w, ok);
  }
}

fn gemm_step(kk: u32) {
  let step = kk % P.ow4;
  if (step == 0u) {
    start_row(g_oh0 + kk / P.ow4);
  }
  g_ow0 = step * 4u;
  for (var q = 0u; q < 4u; q++) {
    let ow = g_ow0 + q;
    s_ok[q] = ow < P.out_w;
    s_pix[q] = g_pix + min(ow, P.out_w - 1u);
  }
}

fn load_b(jb: u32, kk: u32) -> mat4x4<f32> {
  var b: mat4x4<f32>;
  let left = i32(g_ow0 * P.stride_w + c_kw[jb]) - i32(P.pad_w);
  for (var q = 0u; q < 4u; q++) {
    let iw = left + i32(q * P.stride_w);
    let ok = s_ok[q] && c_row_ok[jb] && iw >= 0 && iw < i32(P.w);
    b[q] = select(vec4<f32>(0.0), xh[select(0u, (c_row[jb] + u32(iw)) * P.cp4 + c_c4[jb], ok)], ok);
  }
  return b;
}

// dW is small (cOut * cIn * kh * kw per layer), so element stores cost little here.
fn store_c(ib: u32, jb: u32, blk: mat4x4<f32>) {
  let cp = P.cp4 * 4u;
  for (var q = 0u; q < 4u; q++) {
    let j = g_col0 + jb * 4u + q;
    let c = j % cp;
    let kb = j / cp;
    for (var r = 0u; r < 4u; r++) {
      let o = g_row0 + ib * 4u + r;
      if (o < P.cout && kb < P.khw && c < P.cin) {
        dw[((g_z * P.cout + o) * P.cin + c) * P.khw + kb] = blk[r][q];
      }
    }
  }
}
