// Shared head of every per-plane kernel (instance-norm*.wgsl, normalize-planes*.wgsl). plane-element.ts
// prepends it after the element prelude (V, the element a kernel loads: f32, or vec4<f32> when the
// layout allows; VW, values per V; hsum) and the Params struct. A workgroup of WG invocations handles
// WG / LANES planes, LANES consecutive invocations per plane: each invocation folds a strided slice of
// its plane serially (in blocks of BLOCK, below), then plane_sum combines the LANES partials of up to
// four sums at once, so a kernel needs one plane_sum per pass over the plane.
//
// LANES is an override constant chosen per adapter (webgpu/plane-tuning.ts). On CPU adapters (llvmpipe)
// a barrier is a coroutine switch per 8-lane group and every storage load is a per-lane loop whatever
// the layout, so LANES = 1 there (one invocation owns a plane; the tree below folds away and the kernel
// runs no barrier), except for planes too long for llvmpipe's loop cap, which get just enough lanes.
// GPUs want a plane read cooperatively (coalesced): LANES > 1, and plane_sum is one log2(LANES)-step
// tree, log2(LANES) + 1 barriers per call.
override WG: u32 = 64u;
override LANES: u32 = 1u;

// Elements per serially summed block: partial sums of BLOCK terms are added to the running total, so
// rounding error grows with VW · BLOCK + hw / (VW · BLOCK · LANES) rather than hw / LANES (hw can be
// 100,000).
const BLOCK: u32 = 64u;

// The entry point's builtins, as one parameter: `fn main(id: Ids)`.
struct Ids {
  @builtin(local_invocation_index) t: u32,
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
}

// Where an invocation works: its plane, its lane within the plane, the plane's first element and length
// (in elements V). Invocations past the last plane see an empty plane (len 0) at element 0 and must
// still reach every plane_sum (its barriers need the whole workgroup); `live` is false for them.
struct Slot { plane: u32, lane: u32, base: u32, len: u32, live: bool }

// The slot of invocation id among `planes` planes of `len` elements each.
fn slot_of(id: Ids, planes: u32, len: u32) -> Slot {
  let plane = (id.wid.x + id.wid.y * id.nwg.x) * (WG / LANES) + id.t / LANES;
  let live = plane < planes;
  return Slot(plane, id.t % LANES, select(0u, plane * len, live), select(0u, len, live), live);
}

// Two slots of WG partials: consecutive plane_sum calls use different slots, so a call never overwrites
// partials that invocations of the previous call may still be reading. (With one array and a barrier
// after the read instead, llvmpipe (Mesa 22.3) gave wrong variances for LANES >= 16: the variance pass
// saw other planes' partials.)
var<workgroup> red: array<vec4<f32>, 2u * WG>;

// Sums v over the LANES invocations of this invocation's plane (t = local_invocation_index); every one
// of them gets the total. slot (0 or 1) must alternate between consecutive calls. Call it in uniform
// control flow: it holds log2(LANES) + 1 barriers when LANES > 1.
fn plane_sum(v: vec4<f32>, t: u32, slot: u32) -> vec4<f32> {
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
