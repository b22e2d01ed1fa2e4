import {
  grid1d, instanceNorm as instanceNormSpec, instanceNormGrad as instanceNormGradSpec, instanceNormPool as instanceNormPoolSpec,
  instanceNormPoolGrad as instanceNormPoolGradSpec,
} from '@pad-gpu/kernels';
import type { InstanceNormParams } from '../backend.js';
import type { Storage } from '../../tensor/storage.js';
import type { WebGpuBackend } from './webgpu-backend.js';
import { bufferOf, newStorage } from './gpu-storage.js';
import { CPU_LOOP_BUDGET, PLANE_TUNING, type PlaneTuning, assertLoopBudget, planeTuning, planeWorkgroup } from './plane-tuning.js';
import { instanceNormPoolDims } from '../norm-dims.js';

export type InstanceNormTuning = PlaneTuning;

/**
 * Presets by adapter kind: those of every per-plane kernel (plane-tuning.ts: one invocation per plane
 * and no barrier on CPU adapters, measured there). The vec4 kernels took 24-29 ms wall against 74-94
 * for the f32 ones at planes of 1024 values (1 lane).
 */
export const INSTANCE_NORM_TUNING = PLANE_TUNING;

/** Overrides and grid of a launch with WG / LANES planes per workgroup. */
function launch(p: InstanceNormParams, WG: number, LANES: number) {
  return { overrides: { WG, LANES, RELU: p.relu ? 1 : 0 }, grid: grid1d(Math.ceil(p.planes / (WG / LANES))) };
}

function setup(be: WebGpuBackend, op: string, ss: Storage[], p: InstanceNormParams, tuning?: InstanceNormTuning) {
  for (const s of ss) if (s.dtype !== 'f32') throw new Error(`webgpu ${op}: expected f32, got ${s.dtype}`);
  if (!(p.hw > 0)) throw new Error(`webgpu ${op}: planes of ${p.hw} elements`);
  const t = planeTuning(be, tuning);
  if (p.pool) return poolSetup(be, op, p, t);
  const { WG, LANES } = planeWorkgroup(be, op, `planes of ${p.hw} values`, t.lanes(p.hw), t);
  const uniforms = { planes: p.planes, c: p.c, hw: p.hw, eps: p.eps };
  const element = (t.vec4 ?? true) && p.hw % 4 === 0 ? 'vec4' : 'f32';
  assertLoopBudget(be, op, p.hw, element === 'vec4' ? p.hw / 4 : p.hw, LANES);
  return { element, uniforms, ...launch(p, WG, LANES) } as const;
}

/**
 * Loop iterations one invocation of the pooled kernels makes (the more of forward and backward), for
 * llvmpipe's loop cap (plane-tuning.ts): the forward's two statistics passes over ceil(h·w / (vw·lanes))
 * elements plus its pooled rows; the backward's two passes over the pooled rows plus a dropped last
 * row. Lanes split the pooled rows, so a plane with few, very long rows cannot be split below its
 * row length.
 */
export function poolLoopIterations(h: number, w: number, vw: number, lanes: number): number {
  const len = Math.ceil((h * w) / vw / lanes);
  const rows = Math.ceil(Math.floor(h / 2) / lanes) * (Math.floor(w / 2) / vw + 1) + 1;
  const tree = Math.log2(lanes) + 1;
  const forward = 2 * (len + Math.ceil(len / 64) + 2) + rows + 2 * tree;
  const backward = 2 * rows + Math.ceil(w / vw / lanes) + 1 + tree;
  return Math.max(forward, backward);
}

function poolSetup(be: WebGpuBackend, op: string, p: InstanceNormParams, t: PlaneTuning) {
  const { h, w, outH, outW } = instanceNormPoolDims(p);
  // vec4 needs whole vec4 windows: w % 8 == 0 (two vec4 of a row give four pooled values).
  const element = (t.vec4 ?? true) && w % 8 === 0 ? 'vec4' : 'f32';
  const vw = element === 'vec4' ? 4 : 1;
  let LANES = t.lanes(p.hw);
  if (be.ctx.description.isCpu) {
    const most = be.ctx.device.limits.maxComputeInvocationsPerWorkgroup;
    while (poolLoopIterations(h, w, vw, LANES) > CPU_LOOP_BUDGET && LANES < most) LANES *= 2;
    if (poolLoopIterations(h, w, vw, LANES) > CPU_LOOP_BUDGET) {
      throw new Error(`webgpu ${op}: planes of ${h}x${w} with a fused 2x2 pool exceed the CPU adapter's loop budget (${CPU_LOOP_BUDGET} iterations per invocation; llvmpipe silently stops longer loops)`);
    }
  }
  const { WG } = planeWorkgroup(be, op, `planes of ${h}x${w}`, LANES, t);
  const uniforms = { planes: p.planes, c: p.c, h, w, outH, outW, eps: p.eps };
  return { element, uniforms, ...launch(p, WG, LANES), pooled: p.planes * outH * outW } as const;
}

export function instanceNormOp(be: WebGpuBackend, x: Storage, weight: Storage, bias: Storage, p: InstanceNormParams, tuning?: InstanceNormTuning): { y: Storage; mean: Storage; rstd: Storage } {
  const s = setup(be, 'instanceNorm', [x, weight, bias], p, tuning);
  const { element, uniforms, overrides, grid } = s;
  const y = newStorage(be, 'pooled' in s ? s.pooled : p.planes * p.hw, 'f32');
  const mean = newStorage(be, p.planes, 'f32');
  const rstd = newStorage(be, p.planes, 'f32');
  if (p.planes > 0) {
    const bufs = [x, weight, bias, y, mean, rstd].map(bufferOf);
    be.stream.dispatch((p.pool ? instanceNormPoolSpec : instanceNormSpec)[element], bufs, uniforms, grid, overrides);
  }
  return { y, mean, rstd };
}

export function instanceNormGradOp(
  be: WebGpuBackend, x: Storage, dy: Storage, weight: Storage, bias: Storage, mean: Storage, rstd: Storage, p: InstanceNormParams, tuning?: InstanceNormTuning,
): { dx: Storage; dweight: Storage; dbias: Storage } {
  const { element, uniforms, overrides, grid } = setup(be, 'instanceNormGrad', [x, dy, weight, bias, mean, rstd], p, tuning);
  const dx = newStorage(be, p.planes * p.hw, 'f32');
  const dweight = newStorage(be, p.planes, 'f32');
  const dbias = newStorage(be, p.planes, 'f32');
  if (p.planes > 0) {
    const bufs = [x, dy, weight, bias, mean, rstd, dx, dweight, dbias].map(bufferOf);
    be.stream.dispatch((p.pool ? instanceNormPoolGradSpec : instanceNormGradSpec)[element], bufs, uniforms, grid, overrides);
  }
  return { dx, dweight, dbias };
}
