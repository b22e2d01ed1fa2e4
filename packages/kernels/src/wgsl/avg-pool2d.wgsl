// torch avg_pool2d with count_include_pad: out[p, oh, ow] = (Σ of the window's in-bounds inputs) · inv,
// inv = 1 / (kh · kw), over planes p = (n, c). One invocation per output; window bounds are clipped
// once instead of testing every tap.
struct Params {
  n: u32, h: u32, w: u32, outH: u32, outW: u32,
  kh: u32, kw: u32, strideH: u32, strideW: u32, padH: u32, padW: u32, inv: f32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  let p = params;
  if (i >= p.n) {
    return;
  }
  let t = i / p.outW;
  let ow = i - t * p.outW;
  let plane = t / p.outH;
  let oh = t - plane * p.outH;
  // Window origin in input coordinates (may be negative inside the padding).
  let y0 = i32(oh * p.strideH) - i32(p.padH);
  let x0 = i32(ow * p.strideW) - i32(p.padW);
  let ya = u32(max(y0, 0));
  let yb = u32(clamp(y0 + i32(p.kh), 0, i32(p.h)));
  let xa = u32(max(x0, 0));
  let xb = u32(clamp(x0 + i32(p.kw), 0, i32(p.w)));
  let base = plane * p.h;
  var acc = 0.0;
  for (var y = ya; y < yb; y++) {
    let row = (base + y) * p.w;
    for (var xx = xa; xx < xb; xx++) {
      acc += x[row + xx];
    }
  }
  out[i] = acc * p.inv;
}
