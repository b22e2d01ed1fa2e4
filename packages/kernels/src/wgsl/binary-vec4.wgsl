// out = op(a, b) for contiguous f32 operands of the same size (MODE 0), or against the scalar uniform
// (MODE 1: op(a, scalar); MODE 2: op(scalar, a)), four elements per invocation like unary-vec4.wgsl
// (about twice as fast on llvmpipe as one per invocation). The op table is binary.wgsl's, for vec4.
// Storage buffers come from the pool in 16-byte multiples; the last vec4 may run into their padding.
override OP: u32 = 0u;
override MODE: u32 = 0u;

struct Params { n: u32, scalar: f32 }

@group(0) @binding(0) var<storage, read> a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> out: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> params: Params;

const ZERO = vec4<f32>(0.0);
const ONE = vec4<f32>(1.0);

fn apply(x: vec4<f32>, y: vec4<f32>) -> vec4<f32> {
  switch OP {
    case 0u: { return x + y; }
    case 1u: { return x - y; }
    case 2u: { return x * y; }
    case 3u: { return x / y; }
    case 4u: { return select(y, x, x >= y); }
    case 5u: { return select(y, x, x <= y); }
    case 6u: { return pow_exact(x, y); }
    case 7u: { return select(ZERO, ONE, x > y); }
    case 8u: { return select(ZERO, ONE, x >= y); }
    case 9u: { return select(ZERO, ONE, x < y); }
    case 10u: { return select(ZERO, ONE, x <= y); }
    case 11u: { return select(ZERO, ONE, x == y); }
    case 12u: { return select(ZERO, ONE, x != y); }
    default: { return x; }
  }
}

// WGSL's pow is undefined for x < 0; integer exponents (x^2, x^-1, ...) must work there like JS.
fn pow_exact(x: vec4<f32>, y: vec4<f32>) -> vec4<f32> {
  let r = pow(abs(x), y);
  let odd = (vec4<i32>(abs(y)) & vec4<i32>(1)) == vec4<i32>(1);
  let signed = select(r, -r, (x < ZERO) & odd);
  return select(pow(x, y), signed, y == round(y));
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let q = gid.x + gid.y * nwg.x * 256u;
  if (q * 4u >= params.n) {
    return;
  }
  let s = vec4<f32>(params.scalar);
  switch MODE {
    case 0u: { out[q] = apply(a[q], b[q]); }
    case 1u: { out[q] = apply(a[q], s); }
    default: { out[q] = apply(s, a[q]); }
  }
}
