// Bindings of both instance-norm forward kernels (instance-norm.wgsl, instance-norm-pool.wgsl), in the
// order webgpu/norm.ts binds them. The kernel defines Y, the output element (V, or the pooled O), and
// the spec supplies Params.
@group(0) @binding(0) var<storage, read> x: array<V>;
@group(0) @binding(1) var<storage, read> weight: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<Y>;
@group(0) @binding(4) var<storage, read_write> mean_out: array<f32>;
@group(0) @binding(5) var<storage, read_write> rstd_out: array<f32>;
@group(0) @binding(6) var<uniform> params: Params;

// Stores a live plane's statistics for the backward kernels (once per plane: lane 0 writes).
fn store_stats(s: Slot, stats: vec2<f32>) {
  if (s.lane == 0u) {
    mean_out[s.plane] = stats.x;
    rstd_out[s.plane] = stats.y;
  }
}
