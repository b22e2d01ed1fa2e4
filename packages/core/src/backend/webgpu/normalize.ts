import { grid1d, normalizePlanes, normalizePlanesBackward, normalizePlanesGradX, type NormalizePlanesKernel } from '@pad-gpu/kernels';
import type { NormalizePlanesParams } from '../backend.js';
import type { Storage } from '../../tensor/storage.js';
import type { WebGpuBackend } from './webgpu-backend.js';
import { bufferOf, newStorage } from './gpu-storage.js';
import { assertLoopBudget, PLANE_TUNING, type PlaneTuning, planeTuning, planeWorkgroup } from './plane-tuning.js';

// The loop budget and lane choice live in plane-tuning.ts (shared with instance norm); re-exported here
// for the callers and tests that know them from this module.
export { CPU_LOOP_BUDGET, cpuLanes, loopIterations } from './plane-tuning.js';

export type NormalizeTuning = PlaneTuning;

/** Presets by adapter kind: those of every per-plane kernel (plane-tuning.ts). */
export const NORMALIZE_TUNING = PLANE_TUNING;

function dispatch(be: WebGpuBackend, kernel: NormalizePlanesKernel, op: string, inputs: Storage[], p: NormalizePlanesParams, tuning?: NormalizeTuning): Storage {
  for (const s of inputs) {
    if (s.dtype !== 'f32') throw new Error(`webgpu ${op}: expected f32, got ${s.dtype}`);
    if (s.size !== p.planes * p.hw) throw new Error(`webgpu ${op}: storage of ${s.size} elements for ${p.planes} planes of ${p.hw}`);
  }
  if (!(p.hw >= 1)) throw new Error(`webgpu ${op}: planes of ${p.hw} elements`);
  const t = planeTuning(be, tuning);
  const vec4 = (t.vec4 ?? true) && p.hw % 4 === 0;
  const elements = vec4 ? p.hw / 4 : p.hw;
  const { WG, LANES } = planeWorkgroup(be, op, `planes of ${p.hw} values`, t.lanes(p.hw), t);
  assertLoopBudget(be, op, p.hw, elements, LANES);
  const out = newStorage(be, p.planes * p.hw, 'f32');
  if (p.planes > 0) {
    const grid = grid1d(Math.ceil(p.planes / (WG / LANES)));
    be.stream.dispatch(kernel[vec4 ? 'vec4' : 'f32'], [...inputs, out].map(bufferOf), { planes: p.planes, hw: p.hw, eps: p.eps }, grid, { WG, LANES });
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
