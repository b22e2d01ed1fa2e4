// PAD's masked trajectory-matching loss and its gradient seed (Li et al. 2024, eq. 6 with the
// embedding filter of §3.2: only parameters at flat index >= cut, the deeper layers, are matched):
//   num = Σ_{i>=cut} (θ_N[i] - θ*_{t+M}[i])²,  den = Σ_{i>=cut} (θ*_t[i] - θ*_{t+M}[i])²,  L = num / den
//   v_N[i] = ∂L/∂θ_N[i] = 2 (θ_N[i] - θ*_{t+M}[i]) / den  for i >= cut, else 0.
// Entry `partial` computes both sums in one pass (one pair of partial sums per workgroup); entry
// `finish` is the second, tiny pass the global reduction needs: every workgroup re-reduces the few
// partials (cheaper than a third dispatch), then writes its chunk of v_N; workgroup 0 also writes
// [num, den, L]. The reference divides num and den by the parameter count, which cancels in L.
const WG: u32 = 256u;
// Elements per invocation: a workgroup covers WG * PER_THREAD = 4096 elements, so a 320k-parameter
// ConvNet needs 78 partial pairs.
const PER_THREAD: u32 = 16u;

struct Params { n: u32, cut: u32, groups: u32 }

@group(0) @binding(0) var<storage, read> student: array<f32>;
@group(0) @binding(1) var<storage, read> expert_start: array<f32>;
@group(0) @binding(2) var<storage, read> expert_end: array<f32>;
@group(0) @binding(3) var<storage, read_write> partials: array<f32>;
@group(0) @binding(4) var<storage, read_write> seed: array<f32>;
@group(0) @binding(5) var<storage, read_write> sums: array<f32>;
@group(0) @binding(6) var<uniform> params: Params;

var<workgroup> red_a: array<f32, 256>;
var<workgroup> red_b: array<f32, 256>;

// Tree reduction of both accumulators across the workgroup; the result is in red_a[0], red_b[0].
fn reduce_pair(lid: u32, a: f32, b: f32) {
  red_a[lid] = a;
  red_b[lid] = b;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s >> 1u) {
    if (lid < s) {
      red_a[lid] += red_a[lid + s];
      red_b[lid] += red_b[lid + s];
    }
    workgroupBarrier();
  }
}

@compute @workgroup_size(256)
fn partial(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = wid.x + wid.y * nwg.x;
  let base = g * WG * PER_THREAD;
  var a = 0.0;
  var b = 0.0;
  for (var k = 0u; k < PER_THREAD; k++) {
    let i = base + k * WG + lid;
    if (i < params.n && i >= params.cut) {
      let t = expert_end[i];
      let d = student[i] - t;
      let e = expert_start[i] - t;
      a += d * d;
      b += e * e;
    }
  }
  reduce_pair(lid, a, b);
  if (lid == 0u && g < params.groups) {
    partials[2u * g] = red_a[0];
    partials[2u * g + 1u] = red_b[0];
  }
}

@compute @workgroup_size(256)
fn finish(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  var a = 0.0;
  var b = 0.0;
  for (var j = lid; j < params.groups; j += WG) {
    a += partials[2u * j];
    b += partials[2u * j + 1u];
  }
  reduce_pair(lid, a, b);
  let num = red_a[0];
  let den = red_b[0];
  let scale = 2.0 / den;
  let g = wid.x + wid.y * nwg.x;
  let base = g * WG * PER_THREAD;
  for (var k = 0u; k < PER_THREAD; k++) {
    let i = base + k * WG + lid;
    if (i < params.n) {
      seed[i] = select(0.0, (student[i] - expert_end[i]) * scale, i >= params.cut);
    }
  }
  if (g == 0u && lid == 0u) {
    sums[0] = num;
    sums[1] = den;
    sums[2] = num / den;
  }
}
