// First half of a deterministic index_add (no float atomics, which WebGPU lacks, and whose order would
// vary anyway): a stable counting sort of the k source rows by destination row. Writes
//   plan[r]              = number of j with key(j) < r, for r in 0..=rows (row r's run starts here),
//   plan[rows + 1 + pos] = j, the sources ordered by (key(j), j),
// where key(j) = idx[j], or rows for an index outside [0, rows) (those sort last and are never summed).
// Each invocation scans all k indices (k is a minibatch, at most a few thousand); the scanned idx[j] is
// the same for every lane, so it is one broadcast load.
struct Params { k: u32, rows: u32 }

@group(0) @binding(0) var<storage, read> idx: array<i32>;
@group(0) @binding(1) var<storage, read_write> plan: array<u32>;
@group(0) @binding(2) var<uniform> params: Params;

fn key(j: u32) -> u32 {
  let r = idx[j];
  return select(params.rows, u32(r), r >= 0 && u32(r) < params.rows);
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = gid.x + gid.y * nwg.x * 64u;
  let k = params.k;
  let rows = params.rows;
  if (t <= rows) {
    var below = 0u;
    for (var j = 0u; j < k; j++) {
      below += select(0u, 1u, key(j) < t);
    }
    plan[t] = below;
  }
  if (t < k) {
    let mine = key(t);
    if (mine < rows) {
      var pos = 0u;
      for (var j = 0u; j < k; j++) {
        let other = key(j);
        pos += select(0u, 1u, other < mine || (other == mine && j < t));
      }
      plan[rows + 1u + pos] = t;
    }
  }
}
