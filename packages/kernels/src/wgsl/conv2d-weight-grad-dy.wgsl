// dY of conv2d-weight-grad.wgsl read in place (NCHW): with out_w % 4 == 0 a step's four pixels of
// one channel are one aligned vec4, the fast "A along K" pattern of the GEMM core, and no
// channels-last copy of dY is needed.
@group(0) @binding(0) var<storage, read> dy4: array<vec4<f32>>;

fn load_a(ib: u32, kk: u32) -> mat4x4<f32> {
  let last = P.cout - 1u;
  let o = g_row0 + ib * 4u;
  let row = g_img * P.cout;
  let at = g_ow0 / 4u;
  return mat4x4<f32>(
    dy4[((row + min(o, last)) * P.out_h + g_oh) * P.ow4 + at],
    dy4[((row + min(o + 1u, last)) * P.out_h + g_oh) * P.ow4 + at],
    dy4[((row + min(o + 2u, last)) * P.out_h + g_oh) * P.ow4 + at],
    dy4[((row + min(o + 3u, last)) * P.out_h + g_oh) * P.ow4 + at]);
}
