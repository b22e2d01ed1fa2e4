// The adjoint of avg-pool2x2 (2x2 window, stride 2, no padding): dx[y, x] = dy[y / 2, x / 2] / 4, and 0
// in a last odd row or column, which no window covers (floor mode). One invocation per input pixel on a
// 3-D grid (x: column, y: row, z: plane chunk); halving is a shift, so no division is needed.
struct Params { planes: u32, h: u32, w: u32, outH: u32, outW: u32, zPlanes: u32 }

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read_write> dx: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let p = params;
  let xx = gid.x;
  let y = gid.y;
  if (xx >= p.w || y >= p.h) {
    return;
  }
  let oh = y >> 1u;
  let ow = xx >> 1u;
  let covered = oh < p.outH && ow < p.outW;
  for (var plane = gid.z * p.zPlanes; plane < min((gid.z + 1u) * p.zPlanes, p.planes); plane++) {
    var v = 0.0;
    if (covered) {
      v = dy[(plane * p.outH + oh) * p.outW + ow] * 0.25;
    }
    dx[(plane * p.h + y) * p.w + xx] = v;
  }
}
