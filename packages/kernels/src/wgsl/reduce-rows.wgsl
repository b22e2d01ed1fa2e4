// Reduces contiguous rows: x is [rows, r]; workgroup w reduces chunk c of row `row` (chunk elements,
// w = row · nchunks + c) to out[w]. Each invocation folds a strided slice of the chunk serially, then
// the workgroup combines the WG partials as a binary tree, so a sum's rounding error grows with
// log2(WG) + chunk / WG rather than with r. The host repeats the pass on the partials until one is left.
// OP: 0 sum, 1 max, 2 min. max/min propagate NaN like the CPU reference (`v > acc || isNaN(v)`).
override OP: u32 = 0u;
override WG: u32 = 256u;

// init: the identity (0, -Inf or +Inf), a uniform because WGSL rejects infinite constants.
struct Params { r: u32, chunk: u32, nchunks: u32, nwork: u32, init: f32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

var<workgroup> partial: array<f32, WG>;

fn is_nan(v: f32) -> bool {
  // Bit test: compilers may fold v != v away.
  return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u;
}

fn combine(acc: f32, v: f32) -> f32 {
  switch OP {
    case 1u: { return select(acc, v, v > acc || is_nan(v)); }
    case 2u: { return select(acc, v, v < acc || is_nan(v)); }
    default: { return acc + v; }
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) t: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let w = wid.x + wid.y * nwg.x;
  if (w >= params.nwork) {
    return;
  }
  let row = w / params.nchunks;
  let start = (w - row * params.nchunks) * params.chunk;
  let end = min(start + params.chunk, params.r);
  let base = row * params.r;
  var acc = params.init;
  for (var k = start + t; k < end; k += WG) {
    acc = combine(acc, x[base + k]);
  }
  partial[t] = acc;
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    workgroupBarrier();
    if (t < s) {
      partial[t] = combine(partial[t], partial[t + s]);
    }
  }
  if (t == 0u) {
    out[w] = partial[0];
  }
}
