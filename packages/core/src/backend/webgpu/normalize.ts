import { grid1d, normalizePlanes, normalizePlanesBackward, normalizePlanesGradX, type NormalizePlanesKernel } from '@pad-gpu/kernels';
import type { NormalizePlanesParams } from '../backend.js';
import type { Storage } from '../../tensor/storage.js';
import type { WebGpuBackend } from './webgpu-backend.js';
import { bufferOf, newStorage } from './gpu-storage.js';

export interface NormalizeTuning {
  /** Invocations per workgroup (override WG). */
  workgroup: number;
  /** Invocations that share one plane (override LANES, a power of two dividing `workgroup`). */
  lanes(hw: number): number;
  /** Load four values at a time when hw % 4 == 0 (default true). */
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

/** The fewest lanes (a power of two) that keep an invocation within CPU_LOOP_BUDGET. */
export function cpuLanes(hw: number): number {
  let lanes = 1;
  while (loopIterations(hw, lanes) > CPU_LOOP_BUDGET) lanes *= 2;
  return lanes;
}

/**
 * Presets by adapter kind. On CPU adapters (llvmpipe) one invocation owns a plane and the kernels run
 * no barrier (a barrier is a coroutine switch per 8-lane group there, and storage loads are per-lane
 * loops whatever the layout, so sharing a plane buys little: measured in docs/kernels.md), except for
 * planes too long for the loop budget above, which get just enough lanes. Real GPUs read a plane
 * cooperatively, about 4 elements per lane, up to 64 lanes.
 */
export const NORMALIZE_TUNING: { cpuAdapter: NormalizeTuning; gpuAdapter: NormalizeTuning } = {
  cpuAdapter: { workgroup: 64, lanes: cpuLanes },
  gpuAdapter: { workgroup: 64, lanes: (hw) => Math.min(64, 2 ** Math.max(0, Math.floor(Math.log2(hw / 4)))) },
};

function dispatch(be: WebGpuBackend, kernel: NormalizePlanesKernel, op: string, inputs: Storage[], p: NormalizePlanesParams, tuning?: NormalizeTuning): Storage {
  for (const s of inputs) {
    if (s.dtype !== 'f32') throw new Error(`webgpu ${op}: expected f32, got ${s.dtype}`);
    if (s.size !== p.planes * p.hw) throw new Error(`webgpu ${op}: storage of ${s.size} elements for ${p.planes} planes of ${p.hw}`);
  }
  if (!(p.hw >= 1)) throw new Error(`webgpu ${op}: planes of ${p.hw} elements`);
  const t = tuning ?? (be.ctx.description.isCpu ? NORMALIZE_TUNING.cpuAdapter : NORMALIZE_TUNING.gpuAdapter);
  const vec4 = (t.vec4 ?? true) && p.hw % 4 === 0;
  const elements = vec4 ? p.hw / 4 : p.hw;
  const LANES = t.lanes(p.hw);
  // Planes longer than 64 lanes can cover (over 1.2 M values on CPU adapters) get a workgroup each.
  const WG = Math.max(t.workgroup, LANES);
  if (!Number.isInteger(Math.log2(LANES)) || WG % LANES !== 0) throw new Error(`webgpu ${op}: ${LANES} lanes per plane do not divide a workgroup of ${WG}`);
  if (WG > be.ctx.device.limits.maxComputeInvocationsPerWorkgroup) throw new Error(`webgpu ${op}: planes of ${p.hw} values need workgroups of ${WG} invocations, over this adapter's limit`);
  if (be.ctx.description.isCpu && loopIterations(elements, LANES) > CPU_LOOP_BUDGET) {
    throw new Error(`webgpu ${op}: ${LANES} lanes per plane of ${p.hw} values would exceed the CPU adapter's loop budget (${CPU_LOOP_BUDGET} iterations per invocation; llvmpipe silently stops longer loops)`);
  }
  const out = newStorage(be, p.planes * p.hw, 'f32');
  if (p.planes > 0) {
    const grid = grid1d(Math.ceil(p.planes / (WG / LANES)));
    be.stream.dispatch(vec4 ? kernel.vec4 : kernel.scalar, [...inputs, out].map(bufferOf), { planes: p.planes, hw: p.hw, eps: p.eps }, grid, { WG, LANES });
  }
  return out;
}

export function normalizePlanesOp(be: WebGpuBackend, x: Storage, p: NormalizePlanesParams, tuning?: NormalizeTuning): Storage {
  return dispatch(be, normalizePlanes, 'normalizePlanes', [x], p, tuning);
}

export function normalizePlanesBackwardOp(be: WebGpuBackend, x: Storage, g: Storage, p: NormalizePlanesParams, tuning?: NormalizeTuning): Storage {
  return dispatch(be, normalizePlanesBackward, 'normalizePlanesBackward', [x, g], p, tuning);
}

export function normalizePlanesGradXOp(be: WebGpuBackend, x: Storage, g: Storage, a: Storage, p: NormalizePlanesParams, tuning?: NormalizeTuning): Storage {
  return dispatch(be, normalizePlanesGradX, 'normalizePlanesBackwardGradX', [x, g, a], p, tuning);
}
