// out[j, e] = x[idx[j], e] over rows of rowSize 32-bit words (any dtype): minibatch selection. The GPU
// cannot throw, so a row index outside [0, rows) yields a zero row instead of reading a neighbour.
struct Params { n: u32, rowSize: u32, rows: u32 }

@group(0) @binding(0) var<storage, read> x: array<u32>;
@group(0) @binding(1) var<storage, read> idx: array<i32>;
@group(0) @binding(2) var<storage, read_write> out: array<u32>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= params.n) {
    return;
  }
  let j = i / params.rowSize;
  let e = i - j * params.rowSize;
  let r = idx[j];
  var v = 0u;
  if (r >= 0 && u32(r) < params.rows) {
    v = x[u32(r) * params.rowSize + e];
  }
  out[i] = v;
}
