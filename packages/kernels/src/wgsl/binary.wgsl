// out = op(a, b) elementwise over f32 with broadcasting: shapes and strides of up to 6 dimensions
// travel as uniforms (stride 0 = broadcast axis), so one pipeline per op serves every shape.
// MODE 0: both operands contiguous and the same size; MODE 1: strided; MODE 2: b is the scalar
// uniform; MODE 3: a is the scalar uniform.
override OP: u32 = 0u;
override MODE: u32 = 0u;

struct Params {
  n: u32, scalar: f32,
  s0: u32, s1: u32, s2: u32, s3: u32, s4: u32, s5: u32,
  a0: u32, a1: u32, a2: u32, a3: u32, a4: u32, a5: u32,
  b0: u32, b1: u32, b2: u32, b3: u32, b4: u32, b5: u32,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

fn apply(x: f32, y: f32) -> f32 {
  switch OP {
    case 0u: { return x + y; }
    case 1u: { return x - y; }
    case 2u: { return x * y; }
    case 3u: { return x / y; }
    case 4u: { return select(y, x, x >= y); }
    case 5u: { return select(y, x, x <= y); }
    case 6u: { return pow_exact(x, y); }
    case 7u: { return select(0.0, 1.0, x > y); }
    case 8u: { return select(0.0, 1.0, x >= y); }
    case 9u: { return select(0.0, 1.0, x < y); }
    case 10u: { return select(0.0, 1.0, x <= y); }
    case 11u: { return select(0.0, 1.0, x == y); }
    case 12u: { return select(0.0, 1.0, x != y); }
    default: { return x; }
  }
}

// WGSL's pow is undefined for x < 0; integer exponents (x^2, x^-1, ...) must work there like JS.
fn pow_exact(x: f32, y: f32) -> f32 {
  if (y == round(y)) {
    let r = pow(abs(x), y);
    let odd = (i32(abs(y)) & 1) == 1;
    return select(r, -r, x < 0.0 && odd);
  }
  return pow(x, y);
}

// Walks the 6 index digits of i (innermost last) and accumulates both operands' offsets.
fn offsets(i: u32) -> vec2<u32> {
  var rem = i;
  var oa = 0u;
  var ob = 0u;
  let d5 = rem % params.s5; rem = rem / params.s5; oa += d5 * params.a5; ob += d5 * params.b5;
  let d4 = rem % params.s4; rem = rem / params.s4; oa += d4 * params.a4; ob += d4 * params.b4;
  let d3 = rem % params.s3; rem = rem / params.s3; oa += d3 * params.a3; ob += d3 * params.b3;
  let d2 = rem % params.s2; rem = rem / params.s2; oa += d2 * params.a2; ob += d2 * params.b2;
  let d1 = rem % params.s1; rem = rem / params.s1; oa += d1 * params.a1; ob += d1 * params.b1;
  oa += rem * params.a0; ob += rem * params.b0;
  return vec2<u32>(oa, ob);
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= params.n) {
    return;
  }
  switch MODE {
    case 0u: { out[i] = apply(a[i], b[i]); }
    case 1u: {
      let o = offsets(i);
      out[i] = apply(a[o.x], b[o.y]);
    }
    case 2u: { out[i] = apply(a[i], params.scalar); }
    default: { out[i] = apply(params.scalar, a[i]); }
  }
}
