import type { WebGpuBackend } from './webgpu-backend.js';

// Launch tuning shared by the per-plane kernels (instance norm in norm.ts, normalize-planes in
// normalize.ts; WGSL head packages/kernels/src/wgsl/plane-sum.wgsl): how many invocations share a
// plane (override LANES), how many a workgroup holds (WG), and the guard against llvmpipe's loop cap.

export interface PlaneTuning {
  /** Invocations per workgroup (override WG). */
  workgroup: number;
  /** Invocations that share one plane (override LANES, a power of two dividing `workgroup`). */
  lanes(hw: number): number;
  /** Read planes as vec4 where the layout allows (default true; false forces the f32 kernels, for tests). */
  vec4?: boolean;
}

/**
 * llvmpipe (Mesa's gallivm) stops every loop of an invocation once their iterations together reach
 * LP_MAX_TGSI_LOOP_ITERATIONS = 65,535 (one counter per invocation, decremented at each loop end
 * including the exit test): the kernel then silently writes partial sums and leaves outputs unwritten.
 * Measured with normalize-planes.wgsl: LANES = 1 is right up to hw = 21,397 and wrong from 21,398 (3
 * passes of hw plus their 64-element block loops), LANES = 4 up to 85,576. These kernels make at most
 * about 3 · (len + len / 64 + 2) + 2 · (log2(LANES) + 1) loop ends per invocation, len = ceil(hw / LANES)
 * elements (loads: values, or vec4s of four).
 */
export const CPU_LOOP_BUDGET = 60_000;

export function loopIterations(hw: number, lanes: number): number {
  const len = Math.ceil(hw / lanes);
  return 3 * (len + Math.ceil(len / 64) + 2) + 2 * (Math.log2(lanes) + 1);
}

/** Refuses, on a CPU adapter, a launch whose invocations would loop over more than CPU_LOOP_BUDGET
 *  `loads` (values or vec4s) of a plane of `hw` values: llvmpipe would return partial sums silently. */
export function assertLoopBudget(be: WebGpuBackend, op: string, hw: number, loads: number, lanes: number): void {
  if (be.ctx.description.isCpu && loopIterations(loads, lanes) > CPU_LOOP_BUDGET) {
    throw new Error(`webgpu ${op}: ${lanes} lanes per plane of ${hw} values would exceed the CPU adapter's loop budget (${CPU_LOOP_BUDGET} iterations per invocation; llvmpipe silently stops longer loops)`);
  }
}

/** The fewest lanes (a power of two) that keep an invocation within CPU_LOOP_BUDGET. */
export function cpuLanes(hw: number): number {
  let lanes = 1;
  while (loopIterations(hw, lanes) > CPU_LOOP_BUDGET) lanes *= 2;
  return lanes;
}

/**
 * Presets by adapter kind. On CPU adapters (llvmpipe) one invocation owns a plane and the kernels run
 * no barrier (a barrier is a coroutine switch per 8-lane group there, and storage loads are per-lane
 * loops whatever the layout, so sharing a plane buys little). Measured for instance norm on the shared
 * 2-core machine at batch 256, width 32, process CPU ms per forward + backward: planes of 1024 values
 * 68 (1 lane), 65-66 (2), 71-84 (4); of 256 values (batch 1024) 92-104 (1), 120-130 (2), 136-150 (4).
 * Planes too long for the loop budget above get just enough lanes. Real GPUs read a plane
 * cooperatively, about 4 elements per lane, up to 64 lanes (not measured on a GPU).
 */
export const PLANE_TUNING: { cpuAdapter: PlaneTuning; gpuAdapter: PlaneTuning } = {
  cpuAdapter: { workgroup: 64, lanes: cpuLanes },
  gpuAdapter: { workgroup: 64, lanes: (hw) => Math.min(64, 2 ** Math.max(0, Math.floor(Math.log2(hw / 4)))) },
};

/** The given tuning, or the adapter's preset. */
export function planeTuning(be: WebGpuBackend, tuning?: PlaneTuning): PlaneTuning {
  return tuning ?? (be.ctx.description.isCpu ? PLANE_TUNING.cpuAdapter : PLANE_TUNING.gpuAdapter);
}

/**
 * Overrides WG and LANES for `lanes` invocations per plane. Planes wider than the tuning's workgroup
 * (over 1.2 M values on CPU adapters) get a workgroup each; `what` names the plane in the error.
 */
export function planeWorkgroup(be: WebGpuBackend, op: string, what: string, lanes: number, t: PlaneTuning): { WG: number; LANES: number } {
  const WG = Math.max(t.workgroup, lanes);
  if (!Number.isInteger(Math.log2(lanes)) || WG % lanes !== 0) throw new Error(`webgpu ${op}: ${lanes} lanes per plane do not divide a workgroup of ${WG}`);
  if (WG > be.ctx.device.limits.maxComputeInvocationsPerWorkgroup) throw new Error(`webgpu ${op}: ${what} need workgroups of ${WG} invocations, over this adapter's limit`);
  return { WG, LANES: lanes };
}
