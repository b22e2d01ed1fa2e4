// Channels-last copy for the implicit-GEMM convolutions: x viewed as [b, c, s] becomes
// out[b * s + i][cp4 * 4] with the channel axis zero-padded. The GEMM kernels then read four
// channels of one pixel as one aligned vec4 (their contraction axis is channels, innermost).
// Used for activations ([n, c, h*w]) and weights ([cOut, cIn, kh*kw] or [1, cOut, cIn*kh*kw]).
//
// One invocation transposes a 4 x 4 block (4 channels x 4 pixels): with VEC (s % 4 == 0) it reads
// one vec4 per channel instead of 16 scalars; llvmpipe runs every load as a per-lane loop, so this
// is the difference between ~5 ns and ~1.5 ns per element. Channel groups are the fastest index so
// that neighbouring invocations write neighbouring vec4s of a pixel.
override VEC: bool = true;

struct Params {
  total: u32,  // b * s4 * cp4 blocks
  c: u32,
  s: u32,
  s4: u32,     // ceil(s / 4)
  cp4: u32,
  pad0: u32,
  pad1: u32,
  pad2: u32,
}

@group(0) @binding(0) var<storage, read> x1: array<f32>;
@group(0) @binding(1) var<storage, read> x4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> out: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> P: Params;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = gid.x + gid.y * nwg.x * 256u;
  if (idx >= P.total) {
    return;
  }
  let c4 = idx % P.cp4;
  let t = idx / P.cp4;
  let i0 = (t % P.s4) * 4u;
  let b = t / P.s4;
  // rows[q] = channel 4 c4 + q at pixels i0 .. i0 + 3 (zero past c or s).
  var rows: mat4x4<f32>;
  for (var q = 0u; q < 4u; q++) {
    let ch = c4 * 4u + q;
    if (ch < P.c) {
      let base = (b * P.c + ch) * P.s + i0;
      if (VEC) {
        rows[q] = x4[base / 4u];
      } else {
        for (var r = 0u; r < 4u; r++) {
          if (i0 + r < P.s) {
            rows[q][r] = x1[base + r];
          }
        }
      }
    }
  }
  let cols = transpose(rows);
  for (var r = 0u; r < 4u; r++) {
    if (i0 + r < P.s) {
      out[(b * P.s + i0 + r) * P.cp4 + c4] = cols[r];
    }
  }
}
