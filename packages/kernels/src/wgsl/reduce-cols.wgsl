// Reduces the middle axis of x = [outer, r, inner] in chunks: out[o, c, i] folds x[o, k, i] for k in
// chunk c (chunk elements) serially, one invocation per output, so neighbouring invocations read
// neighbouring columns. Used when inner > 1 and for short rows; the host repeats the pass over the
// [outer, nchunks, inner] partials, which keeps a sum's error growing with chunk + r / chunk, not r.
// OP: 0 sum, 1 max, 2 min, with NaN propagation like the CPU reference.
override OP: u32 = 0u;

// init: the identity (0, -Inf or +Inf), a uniform because WGSL rejects infinite constants.
struct Params { n: u32, r: u32, inner: u32, chunk: u32, nchunks: u32, init: f32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

fn is_nan(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u;
}

fn combine(acc: f32, v: f32) -> f32 {
  switch OP {
    case 1u: { return select(acc, v, v > acc || is_nan(v)); }
    case 2u: { return select(acc, v, v < acc || is_nan(v)); }
    default: { return acc + v; }
  }
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  let p = params;
  if (i >= p.n) {
    return;
  }
  let oc = i / p.inner;
  let col = i - oc * p.inner;
  let o = oc / p.nchunks;
  let start = (oc - o * p.nchunks) * p.chunk;
  let end = min(start + p.chunk, p.r);
  var at = (o * p.r + start) * p.inner + col;
  var acc = params.init;
  for (var k = start; k < end; k++) {
    acc = combine(acc, x[at]);
    at += p.inner;
  }
  out[i] = acc;
}
