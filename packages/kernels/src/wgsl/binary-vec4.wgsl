// out = op(a, b) for contiguous f32 operands of the same size (MODE 0), or against the scalar uniform
// (MODE 1: op(a, scalar); MODE 2: op(scalar, a)), four elements per invocation like unary-vec4.wgsl
// (about twice as fast on llvmpipe as one per invocation). The op table (apply) is binary-apply.wgsl,
// prepended by the spec with V = vec4<f32>.
// Storage buffers come from the pool in 16-byte multiples; the last vec4 may run into their padding.
override OP: u32 = 0u;
override MODE: u32 = 0u;

struct Params { n: u32, scalar: f32 }

@group(0) @binding(0) var<storage, read> a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> out: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> params: Params;

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
