// NCHW output of the conv GEMMs whose rows are pixels (conv2d, conv2d-input-grad), element by
// element. The kernel's hooks provide out_rows() (images * plane), out_plane() and out_channels().
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

fn store_c(ib: u32, jb: u32, blk: mat4x4<f32>) {
  let plane = out_plane();
  for (var r = 0u; r < 4u; r++) {
    let p = g_row0 + ib * 4u + r;
    let base = (p / plane) * out_channels() * plane + p % plane;
    for (var c = 0u; c < 4u; c++) {
      let ch = g_col0 + jb * 4u + c;
      if (p < out_rows() && ch < out_channels()) {
        out[base + ch * plane] = blk[r][c];
      }
    }
  }
}
