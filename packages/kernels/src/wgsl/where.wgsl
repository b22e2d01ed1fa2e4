// out[i] = cond[ic] != 0 ? a[ia] : b[ib] with broadcasting, on raw 32-bit words so a and b may be any
// dtype. Indexing works like copy-strided.wgsl (ITEMS elements per invocation, digits carried instead
// of divided; stride 0 broadcasts). COND_FLOAT: cond is f32, where -0.0 (sign bit only) also counts as
// zero and NaN as nonzero, like JavaScript's `c !== 0`.
// FLAT (rank 1, e.g. same-shape operands) has the invocations of a workgroup take consecutive elements.
override COND_FLOAT: bool = true;
override FLAT: bool = false;
const ITEMS = 8u;

// dims[d] = (size, cond stride, a stride, b stride) of dimension d, innermost first.
struct Params { n: u32, rank: u32, pad0: u32, pad1: u32, dims: array<vec4<u32>, 6> }

@group(0) @binding(0) var<storage, read> cond: array<u32>;
@group(0) @binding(1) var<storage, read> a: array<u32>;
@group(0) @binding(2) var<storage, read> b: array<u32>;
@group(0) @binding(3) var<storage, read_write> out: array<u32>;
@group(0) @binding(4) var<uniform> params: Params;

fn choose(i: u32, o: vec3<u32>) {
  let bits = cond[o.x];
  let taken = select(bits != 0u, (bits & 0x7fffffffu) != 0u, COND_FLOAT);
  out[i] = select(b[o.z], a[o.y], taken);
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let first = (gid.x + gid.y * nwg.x * 256u) * ITEMS;
  if (FLAT) {
    // The workgroup's block of 256 · ITEMS elements, invocations interleaved.
    let block = first - lid * ITEMS;
    for (var k = 0u; k < ITEMS; k++) {
      let i = block + k * 256u + lid;
      if (i < params.n) {
        choose(i, i * params.dims[0].yzw);
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
  var o = vec3<u32>(0u);
  for (var d = 0u; d < last; d++) {
    let size = params.dims[d].x;
    let q = rem / size;
    digit[d] = rem - q * size;
    o += digit[d] * params.dims[d].yzw;
    rem = q;
  }
  digit[last] = rem;
  o += rem * params.dims[last].yzw;
  let end = min(first + ITEMS, params.n);
  for (var i = first; i < end; i++) {
    choose(i, o);
    digit[0] += 1u;
    o += params.dims[0].yzw;
    var d = 0u;
    while (d < last && digit[d] == params.dims[d].x) {
      o -= digit[d] * params.dims[d].yzw;
      digit[d] = 0u;
      d++;
      digit[d] += 1u;
      o += params.dims[d].yzw;
    }
  }
}
