// out[row, col] = op(A, B) over a [rows, cols] iteration space where each operand is one of
//   MODE 0  full:       x[row * cols + col]
//   MODE 1  per row:    x[row % mod]      (a per-channel weight over NCHW viewed as [n·c, h·w] has
//                                           mod = c; a per-(sample, channel) value has mod = rows)
//   MODE 2  per column: x[col]            (a bias row over a [batch, features] matrix)
// the broadcasts that dominate ConvNet gradients. binary-strided.wgsl walks up to six dimensions with
// a u32 division per dimension, which llvmpipe cannot vectorise; here a 3-D grid gives the row and the
// column directly and only a per-row operand pays one modulo. OP = COPY (99) copies A (an expand).
// V is f32, or vec4 when cols % 4 == 0 (full and per-column operands are then read as vec4, per-row
// ones splatted). Workgroup WG_X x (64 / WG_X): narrow rows take several rows a workgroup.
override OP: u32 = 0u;
override MODE_A: u32 = 0u;
override MODE_B: u32 = 0u;
override WG_X: u32 = 64u;
const COPY = 99u;

struct Params { cols: u32, rows: u32, mod_a: u32, mod_b: u32 }

// The per-row views (_s) alias the same buffers as the V views (read-only aliasing is allowed).
@group(0) @binding(0) var<storage, read> a_v: array<V>;
@group(0) @binding(1) var<storage, read> a_s: array<f32>;
@group(0) @binding(2) var<storage, read> b_v: array<V>;
@group(0) @binding(3) var<storage, read> b_s: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<V>;
@group(0) @binding(5) var<uniform> params: Params;

fn operand_a(row: u32, col: u32, at: u32) -> V {
  switch MODE_A {
    case 0u: { return a_v[at]; }
    case 1u: { return V(a_s[row % params.mod_a]); }
    default: { return a_v[col]; }
  }
}

fn operand_b(row: u32, col: u32, at: u32) -> V {
  switch MODE_B {
    case 0u: { return b_v[at]; }
    case 1u: { return V(b_s[row % params.mod_b]); }
    default: { return b_v[col]; }
  }
}

@compute @workgroup_size(WG_X, 64u / WG_X, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let cols = params.cols / VW;
  let col = gid.x;
  // Rows past 65,535 workgroups of y spill into z.
  let row = gid.y + gid.z * nwg.y * (64u / WG_X);
  if (col >= cols || row >= params.rows) {
    return;
  }
  let at = row * cols + col;
  let x = operand_a(row, col, at);
  if (OP == COPY) {
    out[at] = x;
  } else {
    out[at] = apply(x, operand_b(row, col, at));
  }
}
