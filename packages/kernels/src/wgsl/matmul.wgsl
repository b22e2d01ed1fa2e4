// Hooks of the batched matmul C[z] = op(A[z]) · op(B[z]) for matmul-tile.wgsl. A is [m, k] ([k, m]
// when TRANS_A), B is [k, n] ([n, k] when TRANS_B), C is [m, n]; batch z starts stride_a / stride_b
// elements further (0 broadcasts one matrix). Every operand is bound twice, as f32 and as vec4
// (read-only aliases are allowed): VEC_A / VEC_B read vec4s along the contiguous axis, which needs
// that axis and the batch stride to be multiples of 4 (the host checks); otherwise four scalars.
// Rows and columns past the edge are clamped on load and skipped on store; K past its end reads 0.
// C (binding 4) and store_c come from matmul-store.wgsl or, when n % 4 == 0, matmul-store-vec4.wgsl.
override TRANS_A: bool = false;
override TRANS_B: bool = false;
override VEC_A: bool = true;
override VEC_B: bool = true;

struct Params {
  m: u32, n: u32, k: u32, k4: u32,
  stride_a: u32, stride_b: u32, layers: u32, pad0: u32,
}

@group(0) @binding(0) var<storage, read> a1: array<f32>;
@group(0) @binding(1) var<storage, read> a4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> b1: array<f32>;
@group(0) @binding(3) var<storage, read> b4: array<vec4<f32>>;
@group(0) @binding(5) var<uniform> P: Params;

var<private> g_row0: u32;
var<private> g_col0: u32;
var<private> g_off_a: u32;
var<private> g_off_b: u32;
var<private> g_off_c: u32;

fn gemm_size() -> vec2<u32> {
  return vec2<u32>(P.m, P.n);
}

fn gemm_layers() -> u32 {
  return P.layers;
}

fn gemm_blocks(z: u32) -> vec2<u32> {
  return vec2<u32>(0u, 1u);
}

fn gemm_begin(row0: u32, col0: u32, z: u32) {
  g_row0 = row0;
  g_col0 = col0;
  g_off_a = z * P.stride_a;
  g_off_b = z * P.stride_b;
  g_off_c = z * P.m * P.n;
}

fn gemm_block(kb: u32) -> vec2<u32> {
  return vec2<u32>(0u, P.k4);
}

fn gemm_step(kk: u32) {}

// op(A)[row, k] as a scalar, zero past K.
fn a_at(row: u32, k: u32) -> f32 {
  let r = min(row, P.m - 1u);
  let kc = min(k, P.k - 1u);
  let idx = select(r * P.k + kc, kc * P.m + r, TRANS_A);
  return select(0.0, a1[g_off_a + idx], k < P.k);
}

// op(B)[k, col] as a scalar, zero past K.
fn b_at(k: u32, col: u32) -> f32 {
  let cc = min(col, P.n - 1u);
  let kc = min(k, P.k - 1u);
  let idx = select(kc * P.n + cc, cc * P.k + kc, TRANS_B);
  return select(0.0, b1[g_off_b + idx], k < P.k);
}

// Column r holds row (row0 + 4 ib + r) of op(A) at k = 4 kk .. 4 kk + 3.
fn load_a(ib: u32, kk: u32) -> mat4x4<f32> {
  let row = g_row0 + ib * 4u;
  let k = kk * 4u;
  if (VEC_A && !TRANS_A) {
    // k % 4 == 0: each row's four k values are one aligned vec4.
    let base = g_off_a / 4u + kk;
    let k4 = P.k / 4u;
    let last = P.m - 1u;
    return mat4x4<f32>(a4[base + min(row, last) * k4], a4[base + min(row + 1u, last) * k4],
                       a4[base + min(row + 2u, last) * k4], a4[base + min(row + 3u, last) * k4]);
  }
  if (VEC_A && TRANS_A) {
    // m % 4 == 0: four rows at one k are one aligned vec4; transposing registers is free.
    let col = g_off_a / 4u + min(row, P.m - 4u) / 4u;
    let m4 = P.m / 4u;
    let last = P.k - 1u;
    let zero = vec4<f32>(0.0);
    return transpose(mat4x4<f32>(
      select(zero, a4[col + min(k, last) * m4], k < P.k),
      select(zero, a4[col + min(k + 1u, last) * m4], k + 1u < P.k),
      select(zero, a4[col + min(k + 2u, last) * m4], k + 2u < P.k),
      select(zero, a4[col + min(k + 3u, last) * m4], k + 3u < P.k)));
  }
  var out: mat4x4<f32>;
  for (var r = 0u; r < 4u; r++) {
    out[r] = vec4<f32>(a_at(row + r, k), a_at(row + r, k + 1u), a_at(row + r, k + 2u), a_at(row + r, k + 3u));
  }
  return out;
}

// Column q holds op(B) at k = 4 kk + q for columns col0 + 4 jb .. + 3.
fn load_b(jb: u32, kk: u32) -> mat4x4<f32> {
  let col = g_col0 + jb * 4u;
  let k = kk * 4u;
  if (VEC_B && !TRANS_B) {
    // n % 4 == 0: four columns at one k are one aligned vec4.
    let base = g_off_b / 4u + min(col, P.n - 4u) / 4u;
    let n4 = P.n / 4u;
    let last = P.k - 1u;
    let zero = vec4<f32>(0.0);
    return mat4x4<f32>(
      select(zero, b4[base + min(k, last) * n4], k < P.k),
      select(zero, b4[base + min(k + 1u, last) * n4], k + 1u < P.k),
      select(zero, b4[base + min(k + 2u, last) * n4], k + 2u < P.k),
      select(zero, b4[base + min(k + 3u, last) * n4], k + 3u < P.k));
  }
  if (VEC_B && TRANS_B) {
    // k % 4 == 0: each column's four k values are one aligned vec4.
    let base = g_off_b / 4u + kk;
    let k4 = P.k / 4u;
    let last = P.n - 1u;
    return transpose(mat4x4<f32>(b4[base + min(col, last) * k4], b4[base + min(col + 1u, last) * k4],
                                 b4[base + min(col + 2u, last) * k4], b4[base + min(col + 3u, last) * k4]));
  }
  var out: mat4x4<f32>;
  for (var q = 0u; q < 4u; q++) {
    out[q] = vec4<f32>(b_at(k + q, col), b_at(k + q, col + 1u), b_at(k + q, col + 2u), b_at(k + q, col + 3u));
  }
  return out;
}
