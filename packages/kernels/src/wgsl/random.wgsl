// The counter-based generator of packages/core/src/random/counter-hash.ts, line for line: element i is
// a pure function of (key, offset + i), so both backends draw the same numbers. Uniform draws are
// bit-identical (24 random bits times 2^-24 is exact in f32); normal draws agree to ~1e-6.
override NORMAL: bool = false;

struct Params { n: u32, key: u32, offset: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<uniform> params: Params;

// lowbias32 (Chris Wellons' hash-prospector); u32 multiplication wraps like Math.imul.
fn lowbias32(v: u32) -> u32 {
  var x = v;
  x ^= x >> 16u;
  x *= 0x7feb352du;
  x ^= x >> 15u;
  x *= 0x846ca68bu;
  x ^= x >> 16u;
  return x;
}

fn random_bits(key: u32, counter: u32) -> u32 {
  return lowbias32(lowbias32(counter ^ key) + key);
}

const TWO_POW_MINUS_24 = 5.960464477539063e-8;

fn uniform_at(key: u32, counter: u32) -> f32 {
  return f32(random_bits(key, counter) >> 8u) * TWO_POW_MINUS_24;
}

// -log(u1) for u1 = (b + 1) · 2^-24. Near u1 = 1, f32 log's absolute error (~1.4e-7 on llvmpipe) is as
// large as the result, so there -log(1 - t) uses its series in t = 1 - u1, which is exact in f32.
fn minus_log_u1(b: u32) -> f32 {
  let t = f32(0xffffffu - b) * TWO_POW_MINUS_24;
  if (t < 0.015625) {
    return t * (1.0 + t * (0.5 + t * (0.3333333333 + t * (0.25 + t * 0.2))));
  }
  return -log(f32(b + 1u) * TWO_POW_MINUS_24);
}

// Box-Muller from counters 2i and 2i + 1 (u1 in (0, 1] avoids log 0); 2i wraps mod 2^32 like the
// reference's `2 * i ^ key`.
fn normal_at(key: u32, i: u32) -> f32 {
  let b1 = random_bits(key, 2u * i) >> 8u;
  let u2 = uniform_at(key, 2u * i + 1u);
  return sqrt(2.0 * minus_log_u1(b1)) * cos(6.283185307179586 * u2);
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= params.n) {
    return;
  }
  let counter = params.offset + i;
  if (NORMAL) {
    out[i] = normal_at(params.key, counter);
  } else {
    out[i] = uniform_at(params.key, counter);
  }
}
