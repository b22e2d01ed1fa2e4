// C of matmul.wgsl written element by element (any n).
@group(0) @binding(4) var<storage, read_write> c: array<f32>;

fn store_c(ib: u32, jb: u32, blk: mat4x4<f32>) {
  let col = g_col0 + jb * 4u;
  for (var r = 0u; r < 4u; r++) {
    let row = g_row0 + ib * 4u + r;
    let base = g_off_c + row * P.n + col;
    for (var q = 0u; q < 4u; q++) {
      if (row < P.m && col + q < P.n) {
        c[base + q] = blk[r][q];
      }
    }
  }
}
