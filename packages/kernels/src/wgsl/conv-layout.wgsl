// Channels-last copy for the implicit-GEMM convolutions: x viewed as [b, c, s] becomes
// out[b * s + i][cp] with the channel axis zero-padded to cp4 * 4. The GEMM kernels then read four
// channels of one pixel as one aligned vec4 (the contraction axis is channels, innermost), which on
// llvmpipe costs about as much as one scalar load of the NCHW layout (PLATFORM.md, docs/kernels.md).
// Used for activations ([n, c, h*w]) and for weights ([cOut, cIn, kh*kw] or [1, cOut, cIn*kh*kw]).
struct Params {
  total: u32,  // b * s * cp4 output vec4s
  c: u32,
  s: u32,
  cp4: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> P: Params;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = gid.x + gid.y * nwg.x * 256u;
  if (idx >= P.total) {
    return;
  }
  let c0 = (idx % P.cp4) * 4u;
  let pix = idx / P.cp4;
  let i = pix % P.s;
  let base = (pix / P.s) * P.c * P.s + i;
  var v = vec4<f32>(0.0);
  for (var q = 0u; q < 4u; q++) {
    if (c0 + q < P.c) {
      v[q] = x[base + (c0 + q) * P.s];
    }
  }
  out[idx] = v;
}
