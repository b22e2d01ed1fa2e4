// out = a - eta * b with eta read from a one-element buffer, in one dispatch.
// PAD's student update θ_{i+1} = θ_i - η g_i (η is the learned synthetic learning rate, which lives on
// the device: reading it back every step would stall the queue), and the reverse pass's adjoint
// updates v_i = v_{i+1} - η ∂s_i/∂θ_i, dX -= η ∂s_i/∂X, dY -= η ∂s_i/∂Y, which have the same form.
struct Params { n: u32 }

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read> eta: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i < params.n) {
    out[i] = a[i] - eta[0] * b[i];
  }
}
