// avg_pool2d with a 2x2 window, stride 2 and no padding (every ConvNet block ends with one): the
// general kernel's clipped window loops and its two divisions per output cost more than the four loads
// on llvmpipe, where u32 division has no vector instruction. One invocation per output, on a 3-D grid
// (x: output column, y: output row, z: plane chunk) so no division is needed at all.
struct Params { planes: u32, h: u32, w: u32, outH: u32, outW: u32, zPlanes: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let p = params;
  let ow = gid.x;
  let oh = gid.y;
  if (ow >= p.outW || oh >= p.outH) {
    return;
  }
  // Planes are spread over z in chunks of zPlanes (the z grid is at most 65535).
  for (var plane = gid.z * p.zPlanes; plane < min((gid.z + 1u) * p.zPlanes, p.planes); plane++) {
    let top = (plane * p.h + 2u * oh) * p.w + 2u * ow;
    let s = x[top] + x[top + 1u] + x[top + p.w] + x[top + p.w + 1u];
    out[(plane * p.outH + oh) * p.outW + ow] = s * 0.25;
  }
}
