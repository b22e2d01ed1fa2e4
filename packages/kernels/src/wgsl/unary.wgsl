// out[i] = op(x[i]) for f32; OP is an override constant, so each op is its own specialised pipeline
// with no per-element branching.
override OP: u32 = 0u;

struct Params { n: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

fn is_finite(v: f32) -> bool {
  // NaN fails v == v; infinities have every exponent bit set.
  return v == v && (bitcast<u32>(v) & 0x7f800000u) != 0x7f800000u;
}

fn apply(v: f32) -> f32 {
  switch OP {
    case 0u: { return -v; }
    case 1u: { return exp(v); }
    case 2u: { return log(v); }
    case 3u: { return sqrt(v); }
    case 4u: { return inverseSqrt(v); }
    case 5u: { return max(v, 0.0); }
    case 6u: { return select(0.0, 1.0, v > 0.0); }
    case 7u: { return abs(v); }
    case 8u: { return sign(v); }
    case 9u: { return v * v; }
    case 10u: { return 1.0 / v; }
    case 11u: { return sin(v); }
    case 12u: { return cos(v); }
    case 13u: { return tanh(v); }
    case 14u: { return 1.0 / (1.0 + exp(-v)); }
    case 15u: { return floor(v); }
    case 16u: { return select(0.0, 1.0, is_finite(v)); }
    default: { return v; }
  }
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i < params.n) {
    out[i] = apply(x[i]);
  }
}
