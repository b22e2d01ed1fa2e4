// dY of conv2d-weight-grad.wgsl from its channels-last copy dyh[pixel][cop4] (any output width).
@group(0) @binding(0) var<storage, read> dyh: array<vec4<f32>>;

// Column r is output channel row0 + 4 ib + r at the step's four pixels: a vec4 holds four channels
// of one pixel, so load per pixel and transpose in registers.
fn load_a(ib: u32, kk: u32) -> mat4x4<f32> {
  let o4 = min(g_row0 / 4u + ib, P.cop4 - 1u);
  var t: mat4x4<f32>;
  for (var q = 0u; q < 4u; q++) {
    t[q] = select(vec4<f32>(0.0), dyh[s_pix[q] * P.cop4 + o4], s_ok[q]);
  }
  return transpose(t);
}
