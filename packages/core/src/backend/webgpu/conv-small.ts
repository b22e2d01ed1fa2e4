import {
  conv2dSmallInputGradSpec, conv2dSmallPad, conv2dSmallSpec, conv2dSmallWeightGradSpec, convLayout,
  convSmallWindowVec4s, grid1d,
} from '@pad-gpu/kernels';
import type { Conv2dParams } from '../backend.js';
import type { Storage } from '../../tensor/storage.js';
import type { WebGpuBackend } from './webgpu-backend.js';
import { bufferOf, elementwiseGrid, newStorage } from './gpu-storage.js';
import { CPU_LOOP_BUDGET } from './plane-tuning.js';

/**
 * Fast paths of the conv2d trio for short reductions K = cIn * kh * kw (the first layer of a
 * ConvNet: 1 or 3 input channels, 3x3 or 5x5 kernels), where the implicit GEMM (conv.ts) wastes most
 * of its tile K and divides indices per element. The kernels (packages/kernels/src/wgsl/
 * conv2d-small*.wgsl) run on 3-D grids (column group, image or row, channel group) without index
 * division and keep their operands in registers: the forward kernel holds OC channels' weights and
 * streams the rows of its images; the weight gradient holds OC * K partial sums and streams the rows
 * of a chunk of images (partials summed by `reduce`); the input gradient (stride 1) holds RY rows of
 * dx and loops over the output channels. The forward and weight-gradient kernels read a zero-padded
 * copy of x, so they have no bounds checks. docs/kernels.md has the measurements.
 */
export interface ConvSmallTuning {
  /** Largest reduction cIn * kh * kw served here; longer ones take the implicit GEMM... */
  maxK: number;
  /** ...except with at most 3 input channels (5x5 kernels on RGB: K = 75), served up to this. */
  maxKFewChannels: number;
  /** Output channels per forward invocation (4 columns of every row each), by reduction length K. */
  forwardChannels: (k: number) => number;
  /** Input rows per input-gradient invocation (4 columns each). */
  inputGradRows: number;
  /** Up to K = maxK, input gradients with more output channels than this take the col2im GEMM. */
  inputGradMaxChannels: number;
  /** Images one weight-gradient invocation sums over (its loop length). */
  weightGradImages: number;
  /** Output channels per weight-gradient invocation, by reduction length K: OC * K accumulators. */
  weightGradChannels: (k: number) => number;
  /** Planes one invocation of the padded-input copy fills (llvmpipe pays per workgroup). */
  padPlanes: number;
}

/**
 * Presets by adapter kind, measured on llvmpipe (2 cores) at batch 256: K <= 27 everywhere, and
 * 5x5 kernels on 1-3 channels (K = 75: forward 2.3x, weight gradient 1.7x, input gradient 3.5x the
 * implicit GEMM's rate); at cIn = 4 (K = 36) the implicit GEMM's forward was faster (its channel
 * vec4s have no padding there). The input gradient loops over the output channels: at K <= 27 with
 * more than 64 of them (3 -> 128 at 32x32) the col2im GEMM of conv.ts was as fast or faster, so it
 * keeps those. Many channels per invocation amortise the window loads; the weight
 * gradient's chunks of 8 images keep the partials few. GPUs: fewer channels, one row and one image
 * per invocation, for parallelism (tested for correctness on llvmpipe; speed not measured on a GPU).
 */
export const CONV_SMALL_TUNING: { cpuAdapter: ConvSmallTuning; gpuAdapter: ConvSmallTuning } = {
  cpuAdapter: { maxK: 27, maxKFewChannels: 75, forwardChannels: () => 8, inputGradRows: 4, inputGradMaxChannels: 64, weightGradImages: 8, weightGradChannels: (k) => (k <= 9 ? 16 : 8), padPlanes: 16 },
  gpuAdapter: { maxK: 27, maxKFewChannels: 75, forwardChannels: (k) => (k <= 9 ? 4 : 2), inputGradRows: 1, inputGradMaxChannels: 64, weightGradImages: 1, weightGradChannels: (k) => (k <= 9 ? 4 : 2), padPlanes: 1 },
};

/** One invocation's loops must stay well under llvmpipe's 65,535 iterations: the budget every kernel
 *  uses (plane-tuning.ts), kept on GPU adapters too, where it costs nothing. */
const LOOP_BUDGET = CPU_LOOP_BUDGET;
/** The largest grid dimension WebGPU allows. */
const MAX_GRID = 65_535;

function tuningOf(be: WebGpuBackend, t?: ConvSmallTuning): ConvSmallTuning {
  return t ?? (be.ctx.description.isCpu ? CONV_SMALL_TUNING.cpuAdapter : CONV_SMALL_TUNING.gpuAdapter);
}

function maxBindingFloats(be: WebGpuBackend): number {
  return Math.floor(be.ctx.limits.maxStorageBufferBindingSize / 4);
}

const reduction = (p: Conv2dParams) => p.cIn * p.kh * p.kw;

function smallEnough(p: Conv2dParams, t: ConvSmallTuning): boolean {
  const k = reduction(p);
  const sizes = [p.n, p.cIn, p.h, p.w, p.cOut, p.kh, p.kw, p.outH, p.outW];
  return k > 0 && (k <= t.maxK || (p.cIn <= 3 && k <= t.maxKFewChannels)) && p.strideH <= 4 && p.strideW <= 4 && sizes.every((s) => s > 0);
}

/** The zero-padded input copy the forward and weight-gradient kernels read: every window in bounds. */
function padGeometry(p: Conv2dParams) {
  const groups = Math.ceil(p.outW / 4);
  const wp4 = (groups - 1) * p.strideW + convSmallWindowVec4s(p.kw, p.strideW);
  const hp = (p.outH - 1) * p.strideH + p.kh;
  return { groups, wp4, hp, floats: p.n * p.cIn * hp * wp4 * 4 };
}

/** Images per grid slice so that the grid stays within 65,535 workgroups (8 images each on y). */
const zChunk = (n: number) => Math.ceil(n / MAX_GRID);

const forwardChannels = (p: Conv2dParams, t: ConvSmallTuning) => Math.max(1, Math.min(t.forwardChannels(reduction(p)), p.cOut));

export function useConvSmallForward(be: WebGpuBackend, p: Conv2dParams, tuning?: ConvSmallTuning): boolean {
  const t = tuningOf(be, tuning);
  if (!smallEnough(p, t)) return false;
  const pad = padGeometry(p);
  const ogroups = Math.ceil(p.cOut / forwardChannels(p, t));
  return zChunk(p.n) * (p.outH + 1) + 1 < LOOP_BUDGET && ogroups <= MAX_GRID && pad.floats <= maxBindingFloats(be);
}

export function useConvSmallInputGrad(be: WebGpuBackend, p: Conv2dParams, tuning?: ConvSmallTuning): boolean {
  const t = tuningOf(be, tuning);
  // Stride 1 only (ConvNets' first layers); rows of dY and dx are read and written as vec4s.
  if (reduction(p) <= t.maxK && p.cOut > t.inputGradMaxChannels) return false;
  return smallEnough(p, t) && p.strideH === 1 && p.strideW === 1 && p.w % 4 === 0 && p.outW % 4 === 0
    && zChunk(p.n) * (p.cOut + 1) < LOOP_BUDGET;
}

interface WeightGradPlan {
  oc: number;
  ogroups: number;
  ns: number;
  chunks: number;
  rows: number;
  pad: ReturnType<typeof padGeometry>;
}

function weightGradPlan(be: WebGpuBackend, p: Conv2dParams, t: ConvSmallTuning): WeightGradPlan | null {
  if (!smallEnough(p, t)) return null;
  const k = reduction(p);
  const oc = Math.max(1, Math.min(t.weightGradChannels(k), p.cOut));
  const ogroups = Math.ceil(p.cOut / oc);
  const pad = padGeometry(p);
  const cols = p.cOut * k;
  // Chunks of ns images, one partial row per (chunk, column group): fewer, longer chunks when the
  // partials would not fit one binding or the chunks the grid's y (8 per workgroup).
  const maxChunks = Math.min(8 * MAX_GRID, Math.floor(maxBindingFloats(be) / (pad.groups * cols)));
  if (maxChunks < 1 || ogroups > MAX_GRID) return null;
  let ns = Math.min(p.n, t.weightGradImages);
  if (Math.ceil(p.n / ns) > maxChunks) ns = Math.ceil(p.n / maxChunks);
  if (ns * (p.outH + 1) + 1 >= LOOP_BUDGET || pad.floats > maxBindingFloats(be)) return null;
  const chunks = Math.ceil(p.n / ns);
  return { oc, ogroups, ns, chunks, rows: chunks * pad.groups, pad };
}

export function useConvSmallWeightGrad(be: WebGpuBackend, p: Conv2dParams, tuning?: ConvSmallTuning): boolean {
  return weightGradPlan(be, p, tuningOf(be, tuning)) !== null;
}

/** x [n, cIn, h, w] to the zero-padded xp [n, cIn, hp, 4 * wp4]; the caller releases it. */
function padInput(be: WebGpuBackend, x: Storage, p: Conv2dParams, pad: ReturnType<typeof padGeometry>, t: ConvSmallTuning): Storage {
  const xp = newStorage(be, pad.floats, 'f32');
  const planes = p.n * p.cIn;
  const zp = Math.max(Math.ceil(planes / MAX_GRID), Math.min(t.padPlanes, planes));
  const uniforms = { planes, h: p.h, w: p.w, pad_h: p.padH, pad_w: p.padW, hp: pad.hp, wp4: pad.wp4, zp };
  be.stream.dispatch(conv2dSmallPad, [bufferOf(x), bufferOf(xp)], uniforms, [Math.ceil(pad.wp4 / 8), Math.ceil(pad.hp / 8), Math.ceil(planes / zp)]);
  return xp;
}

/** w [cOut, K] to [cOut][ceil(K / 4)] vec4s (zero-padded taps), via the channels-last layout pass. */
function packWeights(be: WebGpuBackend, w: Storage, p: Conv2dParams): Storage {
  const k = reduction(p);
  const kp4 = Math.ceil(k / 4);
  const total = p.cOut * kp4;
  const wk = newStorage(be, total * 4, 'f32');
  const W = bufferOf(w);
  be.stream.dispatch(convLayout, [W, W, bufferOf(wk)], { total, c: k, s: 1, s4: 1, cp4: kp4, pad0: 0, pad1: 0, pad2: 0 }, grid1d(elementwiseGrid(total)), { VEC: 0 });
  return wk;
}

export function conv2dSmallOp(be: WebGpuBackend, x: Storage, w: Storage, p: Conv2dParams, tuning?: ConvSmallTuning): Storage {
  const t = tuningOf(be, tuning);
  const oc = forwardChannels(p, t);
  const pad = padGeometry(p);
  const xp = padInput(be, x, p, pad, t);
  const wk = packWeights(be, w, p);
  const out = newStorage(be, p.n * p.cOut * p.outH * p.outW, 'f32');
  const vecOut = p.outW % 4 === 0;
  const spec = conv2dSmallSpec({ cin: p.cIn, kh: p.kh, kw: p.kw, sh: p.strideH, sw: p.strideW, oc, vecOut });
  const zn = zChunk(p.n);
  const images = Math.ceil(p.n / zn);
  const uniforms = {
    n: p.n, cout: p.cOut, out_h: p.outH, out_w: p.outW, groups: pad.groups, images,
    hp: pad.hp, wp4: pad.wp4, zn, pad0: 0, pad1: 0, pad2: 0,
  };
  be.stream.dispatch(spec, [bufferOf(xp), bufferOf(wk), bufferOf(out)], uniforms, [Math.ceil(pad.groups / 8), Math.ceil(images / 8), Math.ceil(p.cOut / oc)]);
  xp.release();
  wk.release();
  return out;
}

export function conv2dSmallWeightGradOp(be: WebGpuBackend, x: Storage, dy: Storage, p: Conv2dParams, tuning?: ConvSmallTuning): Storage {
  const t = tuningOf(be, tuning);
  const plan = weightGradPlan(be, p, t);
  if (!plan) throw new Error(`conv2dSmallWeightGrad: shape not supported (${JSON.stringify(p)})`);
  const k = reduction(p);
  const cols = p.cOut * k;
  const xp = padInput(be, x, p, plan.pad, t);
  const part = newStorage(be, plan.rows * cols, 'f32');
  const vecDy = p.outW % 4 === 0;
  const spec = conv2dSmallWeightGradSpec({ cin: p.cIn, kh: p.kh, kw: p.kw, sh: p.strideH, sw: p.strideW, oc: plan.oc, vecDy });
  const uniforms = {
    n: p.n, cout: p.cOut, out_h: p.outH, out_w: p.outW, groups: plan.pad.groups, chunks: plan.chunks,
    hp: plan.pad.hp, wp4: plan.pad.wp4, ns: plan.ns, cols, pad0: 0, pad1: 0,
  };
  be.stream.dispatch(spec, [bufferOf(dy), bufferOf(xp), bufferOf(part)], uniforms, [Math.ceil(plan.pad.groups / 8), Math.ceil(plan.chunks / 8), plan.ogroups]);
  xp.release();
  if (plan.rows === 1) return part;
  const dw = be.reduce('sum', part, 1, plan.rows, cols);
  part.release();
  return dw;
}

export function conv2dSmallInputGradOp(be: WebGpuBackend, dy: Storage, w: Storage, p: Conv2dParams, tuning?: ConvSmallTuning): Storage {
  const t = tuningOf(be, tuning);
  const ry = t.inputGradRows;
  const shift = (((p.padW - p.kw + 1) % 4) + 4) % 4;
  const wk = packWeights(be, w, p);
  const dx = newStorage(be, p.n * p.cIn * p.h * p.w, 'f32');
  const spec = conv2dSmallInputGradSpec({ cin: p.cIn, kh: p.kh, kw: p.kw, ry, shift });
  const w4 = p.w / 4;
  const rowGroups = Math.ceil(p.h / ry);
  const zn = zChunk(p.n);
  const uniforms = {
    n: p.n, cout: p.cOut, h: p.h, w4, out_h: p.outH, ow4: p.outW / 4, row_groups: rowGroups, zn,
    row_off: p.padH - p.kh + 1, col_off4: (p.padW - p.kw + 1 - shift) / 4, pad0: 0, pad1: 0,
  };
  be.stream.dispatch(spec, [bufferOf(dy), bufferOf(wk), bufferOf(dx)], uniforms, [Math.ceil(w4 / 8), Math.ceil(rowGroups / 8), Math.ceil(p.n / zn)]);
  wk.release();
  return dx;
}
