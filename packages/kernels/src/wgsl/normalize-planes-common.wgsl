// Shared head of normalize-planes*.wgsl (their specs prepend it, after a variant prelude that defines
// V, the element a kernel loads and stores (f32, or vec4<f32> when hw % 4 == 0: four values a load),
// W, the values per element (1 or 4), and hsum(v: V) -> f32, the sum of an element's values). Kernels
// index planes in elements: a plane is hw / W of them. Per-plane normalisation without affine
// parameters over `planes` contiguous runs of `hw` values. A workgroup of WG invocations handles
// WG / LANES planes, LANES consecutive invocations per plane: each invocation folds a strided slice of
// its plane serially (in blocks of BLOCK, see below), then plane_sum combines the LANES partials of up
// to four sums at once, so a kernel needs one plane_sum per pass over the plane.
//
// LANES is an override constant chosen per adapter (webgpu/normalize.ts). On CPU adapters (llvmpipe) a
// barrier is a coroutine switch per 8-lane group and every storage load is a per-lane loop whatever the
// layout, so LANES = 1 (one invocation owns a plane, no barrier at all: the tree below folds away) is
// the preset there; GPUs want a plane read cooperatively (coalesced), LANES > 1, and plane_sum is one
// log2(LANES)-step tree: log2(LANES) + 1 barriers per call.
override WG: u32 = 64u;
override LANES: u32 = 1u;

// Elements per serially summed block: partial sums of BLOCK terms are added to the running total, so
// rounding error grows with W · BLOCK + hw / (W · BLOCK · LANES) rather than hw / LANES (hw can be
// 100,000).
const BLOCK: u32 = 64u;

struct Params { planes: u32, hw: u32, eps: f32 }

// Two slots of WG partials: consecutive plane_sum calls use different slots, so one call never
// overwrites partials that invocations of the previous call may still be reading.
var<workgroup> red: array<vec4<f32>, 2u * WG>;

// Where invocation t of workgroup (wid, nwg) works: its plane, its lane within the plane, the plane's
// first element and length (in elements V: len = hw / W). Invocations past the last plane see an empty plane (len 0) at element 0 and
// must still reach every plane_sum (its barriers need the whole workgroup).
struct Slot { plane: u32, lane: u32, base: u32, len: u32, live: bool }

fn slot_of(t: u32, wid: vec3<u32>, nwg: vec3<u32>, planes: u32, hw: u32) -> Slot {
  let plane = (wid.x + wid.y * nwg.x) * (WG / LANES) + t / LANES;
  let live = plane < planes;
  return Slot(plane, t % LANES, select(0u, plane * hw, live), select(0u, hw, live), live);
}

// Sums v over the LANES invocations of this invocation's plane (t = local_invocation_index); each of
// them gets the total. `slot` (0 or 1) must alternate between consecutive calls. Call it in uniform
// control flow.
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
