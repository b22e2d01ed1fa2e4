// Shared head of instance-norm.wgsl and instance-norm-grad.wgsl (their specs prepend it, after the
// element type: `alias V = f32;` or `alias V = vec4<f32>;` with VW = 1 or 4 and hsum). A workgroup of
// WG invocations handles WG / LANES planes, LANES consecutive invocations per plane. Each invocation
// folds a strided slice of its plane serially, then plane_sum combines the LANES partials.
//
// LANES is an override constant chosen per adapter (webgpu/norm.ts). On CPU adapters (llvmpipe) it is
// small: a barrier there is a coroutine switch per 8-lane group, so a plane's partials are combined
// in at most a few tree steps, or none (LANES = 1: the kernel runs no barrier). GPUs want a plane read
// cooperatively (coalesced), so LANES is larger there and plane_sum is a log2(LANES)-step tree.
override WG: u32 = 64u;
override LANES: u32 = 1u;

// V elements per serially summed block: block partials are added to the running total, so rounding
// error grows with 64 + hw / (64 · VW · LANES) rather than hw / (VW · LANES) (hw can be 4096 and more).
const BLOCK: u32 = 64u;

// Two slots of WG partials: consecutive plane_sum calls use different slots, so a call never
// overwrites partials that invocations of the previous call may still be reading. (With one array and
// a barrier after the read instead, llvmpipe (Mesa 22.3) gave wrong variances for LANES >= 16: the
// variance pass saw other planes' partials.)
var<workgroup> red: array<vec2<f32>, 2u * WG>;

// Sums v over the LANES invocations of this invocation's plane (t = local_invocation_index); every one
// of them gets the total. slot (0 or 1) must alternate between consecutive calls. Call it in uniform
// control flow: it holds log2(LANES) + 1 barriers when LANES > 1.
fn plane_sum(v: vec2<f32>, t: u32, slot: u32) -> vec2<f32> {
  if (LANES == 1u) {
    return v;
  }
  let lane = t % LANES;
  let at = slot * WG + t;
  red[at] = v;
  for (var s = LANES / 2u; s > 0u; s >>= 1u) {
    workgroupBarrier();
    if (lane < s) {
      red[at] += red[at + s];
    }
  }
  workgroupBarrier();
  return red[at - lane];
}
