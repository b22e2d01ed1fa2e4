// Bindings and helpers of both instance-norm backward kernels (instance-norm-grad.wgsl,
// instance-norm-pool-grad.wgsl), in the order webgpu/norm.ts binds them. The kernel defines DY, the
// incoming gradient's element (V, or the pooled O), and `override RELU`; the spec supplies Params.
@group(0) @binding(0) var<storage, read> x: array<V>;
@group(0) @binding(1) var<storage, read> dy: array<DY>;
@group(0) @binding(2) var<storage, read> weight: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read> mean_in: array<f32>;
@group(0) @binding(5) var<storage, read> rstd_in: array<f32>;
@group(0) @binding(6) var<storage, read_write> dx: array<V>;
@group(0) @binding(7) var<storage, read_write> dw_part: array<f32>;
@group(0) @binding(8) var<storage, read_write> db_part: array<f32>;
@group(0) @binding(9) var<uniform> params: Params;

// The forward's mean and rstd of a plane and its channel's weight and bias. Invocations past the last
// plane (there only for plane_sum's barriers) read the last plane's, so no load is out of bounds.
struct Stored { mean: f32, rstd: f32, w: f32, b: f32 }

fn stored_of(s: Slot) -> Stored {
  let at = min(s.plane, params.planes - 1u);
  let ch = at % params.c;
  return Stored(mean_in[at], rstd_in[at], weight[ch], bias[ch]);
}

// The gradient g of the norm's output, masked by the fused ReLU's derivative when RELU is set: zero
// where the pre-activation is not positive, recomputed here rather than stored, from x's centred value
// with the forward's exact expression (x - mean) · (rstd · w) + b, so the mask is the forward's bit for
// bit (the createGraph path takes it from a recomputed forward, and the two must agree at 0).
fn relu_mask(g: V, centred: V, st: Stored) -> V {
  return select(g, select(V(0.0), g, centred * (st.rstd * st.w) + st.b > V(0.0)), RELU);
}

// Stores a live plane's partials Σ g (dbias) and Σ g · xhat (dweight), summed over the batch by the op.
fn store_partials(s: Slot, sums: vec2<f32>) {
  if (s.lane == 0u) {
    db_part[s.plane] = sums.x;
    dw_part[s.plane] = sums.y;
  }
}
