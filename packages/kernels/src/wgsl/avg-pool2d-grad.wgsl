// The adjoint of avg-pool2d, as a gather so no two invocations write the same element:
// dx[p, y, x] = inv · Σ dy[p, oh, ow] over the windows that contain (y, x), i.e.
// oh·strideH - padH <= y < oh·strideH - padH + kh (and likewise for x), clipped to the output.
struct Params {
  n: u32, h: u32, w: u32, outH: u32, outW: u32,
  kh: u32, kw: u32, strideH: u32, strideW: u32, padH: u32, padW: u32, inv: f32,
}

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read_write> dx: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

// The windows [first, last) along one axis that cover input coordinate c, i.e. those with
// o·stride <= c + pad < o·stride + k, clipped to [0, count). One division; the lower end steps down
// from the upper one (at most ceil(k / stride) steps) instead of dividing again.
fn covering(c: u32, pad: u32, k: u32, stride: u32, count: u32) -> vec2<u32> {
  let q = c + pad;
  let top = q / stride;
  var first = top;
  while (first > 0u && (first - 1u) * stride + k > q) {
    first -= 1u;
  }
  // With stride > k there are gaps: window `top` may end before q.
  let last = min(select(top, top + 1u, top * stride + k > q), count);
  return vec2<u32>(first, max(last, first));
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  let p = params;
  if (i >= p.n) {
    return;
  }
  let t = i / p.w;
  let xx = i - t * p.w;
  let plane = t / p.h;
  let y = t - plane * p.h;
  let rows = covering(y, p.padH, p.kh, p.strideH, p.outH);
  let cols = covering(xx, p.padW, p.kw, p.strideW, p.outW);
  let base = plane * p.outH;
  var acc = 0.0;
  for (var oh = rows.x; oh < rows.y; oh++) {
    let row = (base + oh) * p.outW;
    for (var ow = cols.x; ow < cols.y; ow++) {
      acc += dy[row + ow];
    }
  }
  dx[i] = acc * p.inv;
}
