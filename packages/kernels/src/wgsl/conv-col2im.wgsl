// Second half of conv2d's input gradient for layers with few input channels (e.g. the RGB layer):
// the first half is the GEMM z[n, pixel of dY, (c, kh, kw)] = sum over o of dY[n, o, pixel] W[o, c, kh, kw]
// (matmul.wgsl), which reads each dY pixel once instead of once per tap; here every dX element
// adds the taps that reach it:
//   dx[n, c, ih, iw] = sum over (kh, kw) of z[n, ((ih + ph - kh) / sh, (iw + pw - kw) / sw), (c, kh, kw)]
// where the divisions must be exact and land inside dY. z rows are zcols floats (padded to 4).
struct Params {
  total: u32, cin: u32, h: u32, w: u32,
  kh: u32, kw: u32, stride_h: u32, stride_w: u32,
  pad_h: u32, pad_w: u32, out_h: u32, out_w: u32,
  zcols: u32, pad0: u32, pad1: u32, pad2: u32,
}

@group(0) @binding(0) var<storage, read> z: array<f32>;
@group(0) @binding(1) var<storage, read_write> dx: array<f32>;
@group(0) @binding(2) var<uniform> P: Params;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = gid.x + gid.y * nwg.x * 256u;
  if (idx >= P.total) {
    return;
  }
  let iw = idx % P.w;
  let t = idx / P.w;
  let ih = t % P.h;
  let t2 = t / P.h;
  let c = t2 % P.cin;
  let img = t2 / P.cin;
  let nh = ih + P.pad_h;
  let nw = iw + P.pad_w;
  var acc = 0.0;
  for (var kh = 0u; kh < min(P.kh, nh + 1u); kh++) {
    let oh = (nh - kh) / P.stride_h;
    if (oh * P.stride_h != nh - kh || oh >= P.out_h) {
      continue;
    }
    for (var kw = 0u; kw < min(P.kw, nw + 1u); kw++) {
      let ow = (nw - kw) / P.stride_w;
      if (ow * P.stride_w == nw - kw && ow < P.out_w) {
        let row = (img * P.out_h + oh) * P.out_w + ow;
        acc += z[row * P.zcols + (c * P.kh + kh) * P.kw + kw];
      }
    }
  }
  dx[idx] = acc;
}
