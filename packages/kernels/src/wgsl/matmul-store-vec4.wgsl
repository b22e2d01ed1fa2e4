// C of matmul.wgsl written a row's four columns at a time: n % 4 == 0, so a column vec4 is aligned
// and lies wholly inside or outside C.
@group(0) @binding(4) var<storage, read_write> c4: array<vec4<f32>>;

fn store_c(ib: u32, jb: u32, blk: mat4x4<f32>) {
  let col = g_col0 + jb * 4u;
  if (col >= P.n) {
    return;
  }
  for (var r = 0u; r < 4u; r++) {
    let row = g_row0 + ib * 4u + r;
    if (row < P.m) {
      c4[(g_off_c + row * P.n) / 4u + col / 4u] = blk[r];
    }
  }
}
