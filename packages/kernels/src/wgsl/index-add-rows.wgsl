// Second half of index_add (see index-add-plan.wgsl): out[r, e] = Σ src[j, e] over the run of sources
// planned for row r, in increasing j: the CPU reference's order, and the same on every run.
struct Params { n: u32, rowSize: u32, rows: u32 }

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read> plan: array<u32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= params.n) {
    return;
  }
  let r = i / params.rowSize;
  let e = i - r * params.rowSize;
  let order = params.rows + 1u;
  var acc = 0.0;
  for (var p = plan[r]; p < plan[r + 1u]; p++) {
    acc += src[plan[order + p] * params.rowSize + e];
  }
  out[i] = acc;
}
