// Converts between f32 (0), i32 (1) and u32 (2) like the CPU reference, which stores Math.trunc(v) into
// an Int32Array/Uint32Array: truncation toward zero, then wrap-around modulo 2^32 (ToInt32/ToUint32),
// with NaN and ±Inf giving 0. WGSL's own float-to-int conversion clamps instead, so it is done here on
// the bits. i32 <-> u32 keeps the bits, as the typed arrays do.
override FROM: u32 = 0u;
override TO: u32 = 0u;

struct Params { n: u32 }

@group(0) @binding(0) var<storage, read> x: array<u32>;
@group(0) @binding(1) var<storage, read_write> out: array<u32>;
@group(0) @binding(2) var<uniform> params: Params;

// trunc(v) mod 2^32 for the f32 with these bits: |v| = m · 2^(e - 23) with the 24-bit significand m.
fn float_to_int_bits(bits: u32) -> u32 {
  let e = i32((bits >> 23u) & 0xffu) - 127;
  if (e < 0 || e == 128) {
    return 0u;
  }
  let m = (bits & 0x7fffffu) | 0x800000u;
  var mag = 0u;
  if (e <= 23) {
    mag = m >> u32(23 - e);
  } else if (e < 55) {
    mag = m << u32(e - 23);
  }
  return select(mag, 0u - mag, (bits >> 31u) != 0u);
}

fn convert(bits: u32) -> u32 {
  if (FROM == 0u) {
    return select(float_to_int_bits(bits), bits, TO == 0u);
  }
  if (TO == 0u) {
    return select(bitcast<u32>(f32(bitcast<i32>(bits))), bitcast<u32>(f32(bits)), FROM == 2u);
  }
  return bits;
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i < params.n) {
    out[i] = convert(x[i]);
  }
}
