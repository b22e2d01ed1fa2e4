// NCHW output of the conv GEMMs whose rows are pixels, four pixels of one channel per vec4: with
// plane % 4 == 0 a block's four rows are consecutive pixels of one image, contiguous and aligned.
@group(0) @binding(2) var<storage, read_write> out4: array<vec4<f32>>;

fn store_c(ib: u32, jb: u32, blk: mat4x4<f32>) {
  let p = g_row0 + ib * 4u;
  if (p >= out_rows()) {
    return;
  }
  let plane4 = out_plane() / 4u;
  let base = (p / out_plane()) * out_channels() * plane4 + (p % out_plane()) / 4u;
  let cols = transpose(blk);
  for (var c = 0u; c < 4u; c++) {
    let ch = g_col0 + jb * 4u + c;
    if (ch < out_channels()) {
      out4[base + ch * plane4] = cols[c];
    }
  }
}
