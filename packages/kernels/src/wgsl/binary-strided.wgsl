// out[i] = op(a[ia], b[ib]) over f32 with broadcasting, for operands that are not both contiguous
// (binary-vec4.wgsl handles those and scalars). The op table is binary-apply.wgsl (prepended by the
// spec with V = f32); the indexing is
// copy-strided.wgsl's: dimensions merged on the host, ITEMS elements per invocation and digits carried
// instead of divided, about twice as fast on llvmpipe as a division chain per element. FLAT (rank 1,
// e.g. a scalar tensor against a vector) has the invocations of a workgroup take consecutive elements.
override OP: u32 = 0u;
override FLAT: bool = false;
const ITEMS = 8u;

// dims[d] = (size, a stride, b stride, unused) of dimension d, innermost first.
struct Params { n: u32, rank: u32, pad0: u32, pad1: u32, dims: array<vec4<u32>, 6> }

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let first = (gid.x + gid.y * nwg.x * 256u) * ITEMS;
  if (FLAT) {
    let block = first - lid * ITEMS;
    for (var k = 0u; k < ITEMS; k++) {
      let i = block + k * 256u + lid;
      if (i < params.n) {
        out[i] = apply(a[i * params.dims[0].y], b[i * params.dims[0].z]);
      }
    }
    return;
  }
  if (first >= params.n) {
    return;
  }
  let last = params.rank - 1u;
  var digit: array<u32, 6>;
  var rem = first;
  var o = vec2<u32>(0u);
  for (var d = 0u; d < last; d++) {
    let size = params.dims[d].x;
    let q = rem / size;
    digit[d] = rem - q * size;
    o += digit[d] * params.dims[d].yz;
    rem = q;
  }
  digit[last] = rem;
  o += rem * params.dims[last].yz;
  let end = min(first + ITEMS, params.n);
  for (var i = first; i < end; i++) {
    out[i] = apply(a[o.x], b[o.y]);
    digit[0] += 1u;
    o += params.dims[0].yz;
    var d = 0u;
    while (d < last && digit[d] == params.dims[d].x) {
      o -= digit[d] * params.dims[d].yz;
      digit[d] = 0u;
      d++;
      digit[d] += 1u;
      o += params.dims[d].yz;
    }
  }
}
