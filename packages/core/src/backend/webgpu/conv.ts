import { type GemmTile, conv2dInputGradSpec, conv2dSpec, conv2dWeightGradSpec, convCol2im, convLayout, grid1d } from '@pad-gpu/kernels';
import type { Conv2dParams } from '../backend.js';
import type { Storage } from '../../tensor/storage.js';
import type { WebGpuBackend } from './webgpu-backend.js';
import { bufferOf, elementwiseGrid, newStorage } from './gpu-storage.js';
import { fillStorage } from './elementwise.js';
import { chooseTile, gemmGrid } from './gemm-tiles.js';
import { gemmTuning, matmulOp } from './matmul.js';
import { conv2dSmallInputGradOp, conv2dSmallOp, conv2dSmallWeightGradOp, useConvSmallForward, useConvSmallInputGrad, useConvSmallWeightGrad } from './conv-small.js';

/**
 * The conv2d trio as implicit GEMMs on the tiled-matmul core. Each first copies its operands
 * channels-last with channels padded to a multiple of 4 (one cheap pass each), so the GEMM reads
 * four channels of a pixel as one aligned vec4; the kernels then differ only in how they address
 * A and B and where they write C (packages/kernels/src/wgsl/conv2d*.wgsl, docs/kernels.md).
 * The tile is chosen by shape; `tile` forces one (tests and benchmarks).
 */

function assertF32(op: string, ...ss: Storage[]): void {
  for (const s of ss) if (s.dtype !== 'f32') throw new Error(`webgpu ${op}: only f32 is supported, got ${s.dtype} (cast first)`);
}

/** x viewed as [b, c, s] copied to [b * s][cp4 * 4]; the caller releases the copy after use. */
function channelsLast(be: WebGpuBackend, x: Storage, b: number, c: number, s: number): { copy: Storage; cp4: number } {
  const cp4 = Math.ceil(c / 4);
  const s4 = Math.ceil(s / 4);
  const total = b * s4 * cp4;
  const copy = newStorage(be, b * s * cp4 * 4, 'f32');
  const X = bufferOf(x);
  const uniforms = { total, c, s, s4, cp4, pad0: 0, pad1: 0, pad2: 0 };
  be.stream.dispatch(convLayout, [X, X, bufferOf(copy)], uniforms, grid1d(elementwiseGrid(total)), { VEC: Number(s % 4 === 0) });
  return { copy, cp4 };
}

function geometry(p: Conv2dParams) {
  return {
    h: p.h, w: p.w, kw: p.kw, khw: p.kh * p.kw, stride_h: p.strideH, stride_w: p.strideW,
    pad_h: p.padH, pad_w: p.padW, out_h: p.outH, out_w: p.outW,
  };
}

const isEmpty = (...sizes: number[]) => sizes.some((s) => s === 0);

export function conv2dOp(be: WebGpuBackend, x: Storage, w: Storage, p: Conv2dParams, tile?: GemmTile): Storage {
  assertF32('conv2d', x, w);
  const size = p.n * p.cOut * p.outH * p.outW;
  if (isEmpty(size, p.cIn, p.kh, p.kw, p.h, p.w)) return fillStorage(be, size, 0, 'f32');
  if (!tile && useConvSmallForward(be, p)) return conv2dSmallOp(be, x, w, p); // short reductions: conv-small.ts
  const xh = channelsLast(be, x, p.n, p.cIn, p.h * p.w);
  const wt = channelsLast(be, w, p.cOut, p.cIn, p.kh * p.kw);
  const out = newStorage(be, size, 'f32');
  const m = p.n * p.outH * p.outW;
  const t = tile ?? chooseTile(gemmTuning(be), m, p.cOut);
  const tiles = Math.ceil(m / t.tm) * Math.ceil(p.cOut / t.tn);
  const uniforms = { ...geometry(p), m, cout: p.cOut, cp4: xh.cp4, pad0: 0, pad1: 0, pad2: 0 };
  be.stream.dispatch(conv2dSpec(t, (p.outH * p.outW) % 4 === 0), [bufferOf(xh.copy), bufferOf(wt.copy), bufferOf(out)], uniforms, gemmGrid(tiles, t.wg, 1));
  xh.copy.release();
  wt.copy.release();
  return out;
}

/** Floats of the col2im path's intermediate; beyond this the implicit GEMM is used at any width. */
const MAX_COL2IM_FLOATS = 16 * 1024 * 1024;

/**
 * The input gradient of a layer with few input channels (the RGB layer: cIn = 3) as a GEMM over
 * output channels, z[n, dY pixel, (c, kh, kw)] = dY^T W, then a col2im pass that adds the taps
 * reaching each input pixel. The implicit GEMM would have N = cIn columns and reread each dY pixel
 * once per tap (llvmpipe: 2.5-3 GFLOP per CPU-second at cIn = 3); this GEMM has N = cIn*kh*kw.
 */
function useCol2im(p: Conv2dParams): boolean {
  const zcols = Math.ceil((p.cIn * p.kh * p.kw) / 4) * 4;
  return p.cIn < 8 && p.n * p.outH * p.outW * zcols <= MAX_COL2IM_FLOATS;
}

function inputGradCol2im(be: WebGpuBackend, dy: Storage, w: Storage, p: Conv2dParams, tile?: GemmTile): Storage {
  const cols = p.cIn * p.kh * p.kw;
  // W [cOut, cols] with rows zero-padded to zcols, via the layout pass (one "pixel" per row).
  const wp = channelsLast(be, w, p.cOut, cols, 1);
  const zcols = wp.cp4 * 4;
  const plane = p.outH * p.outW;
  const z = matmulOp(be, dy, wp.copy, {
    batch: p.n, m: plane, n: zcols, k: p.cOut, transA: true, transB: false, strideA: p.cOut * plane, strideB: 0,
  }, tile);
  wp.copy.release();
  const total = p.n * p.cIn * p.h * p.w;
  const dx = newStorage(be, total, 'f32');
  const uniforms = {
    total, cin: p.cIn, h: p.h, w: p.w, kh: p.kh, kw: p.kw, stride_h: p.strideH, stride_w: p.strideW,
    pad_h: p.padH, pad_w: p.padW, out_h: p.outH, out_w: p.outW, zcols, pad0: 0, pad1: 0, pad2: 0,
  };
  be.stream.dispatch(convCol2im, [bufferOf(z), bufferOf(dx)], uniforms, grid1d(elementwiseGrid(total)));
  z.release();
  return dx;
}

export function conv2dInputGradOp(be: WebGpuBackend, dy: Storage, w: Storage, p: Conv2dParams, tile?: GemmTile): Storage {
  assertF32('conv2dInputGrad', dy, w);
  const size = p.n * p.cIn * p.h * p.w;
  if (isEmpty(size, p.cOut, p.kh, p.kw, p.outH, p.outW)) return fillStorage(be, size, 0, 'f32');
  if (!tile && useConvSmallInputGrad(be, p)) return conv2dSmallInputGradOp(be, dy, w, p);
  if (useCol2im(p)) return inputGradCol2im(be, dy, w, p, tile);
  const dyh = channelsLast(be, dy, p.n, p.cOut, p.outH * p.outW);
  // W [cOut, cIn*kh*kw] viewed as one image of cOut channels: rows (c, kh, kw), output channels last.
  const wt = channelsLast(be, w, 1, p.cOut, p.cIn * p.kh * p.kw);
  const dx = newStorage(be, size, 'f32');
  const m = p.n * p.h * p.w;
  const t = tile ?? chooseTile(gemmTuning(be), m, p.cIn);
  const tiles = Math.ceil(m / t.tm) * Math.ceil(p.cIn / t.tn);
  const uniforms = { ...geometry(p), m, cin: p.cIn, cop4: dyh.cp4, pad0: 0, pad1: 0, pad2: 0 };
  be.stream.dispatch(conv2dInputGradSpec(t, (p.h * p.w) % 4 === 0), [bufferOf(dyh.copy), bufferOf(wt.copy), bufferOf(dx)], uniforms, gemmGrid(tiles, t.wg, 1));
  dyh.copy.release();
  wt.copy.release();
  return dx;
}

/**
 * Split-K layers for the weight gradient: its K (every output pixel) is long and its M x N (the
 * weights) small, so it is cut into layers until there are 4x the workgroups the adapter wants, each
 * layer at least one block. The partial results cost splits * |dW| floats and one reduce pass.
 */
function splitCount(be: WebGpuBackend, tiles: number, wg: number, blocks: number): number {
  const wanted = Math.ceil((4 * gemmTuning(be).minWorkgroups * wg) / tiles);
  return Math.max(1, Math.min(blocks, wanted));
}

export function conv2dWeightGradOp(be: WebGpuBackend, x: Storage, dy: Storage, p: Conv2dParams, tile?: GemmTile): Storage {
  assertF32('conv2dWeightGrad', x, dy);
  const size = p.cOut * p.cIn * p.kh * p.kw;
  if (isEmpty(size, p.n, p.outH, p.outW)) return fillStorage(be, size, 0, 'f32');
  if (!tile && useConvSmallWeightGrad(be, p)) return conv2dSmallWeightGradOp(be, x, dy, p);
  // With out_w % 4 == 0 the kernel reads dY in place; otherwise from a channels-last copy.
  const dyInPlace = p.outW % 4 === 0;
  const dyh = dyInPlace ? null : channelsLast(be, dy, p.n, p.cOut, p.outH * p.outW);
  const xh = channelsLast(be, x, p.n, p.cIn, p.h * p.w);
  const cols = p.kh * p.kw * xh.cp4 * 4;
  // A block is `group` output rows of one image: about 16 vec4 steps, so short rows (8x8 maps) do
  // not pay the per-block setup every other step.
  const ow4 = Math.ceil(p.outW / 4);
  const group = Math.min(p.outH, Math.ceil(16 / ow4));
  const blocksPerImage = Math.ceil(p.outH / group);
  const blocks = p.n * blocksPerImage;
  const t = tile ?? chooseTile(gemmTuning(be), p.cOut, cols, blocks);
  const tiles = Math.ceil(p.cOut / t.tm) * Math.ceil(cols / t.tn);
  const perSplit = Math.ceil(blocks / splitCount(be, tiles, t.wg, blocks));
  const splits = Math.ceil(blocks / perSplit);
  const partial = newStorage(be, splits * size, 'f32');
  const uniforms = {
    ...geometry(p), cout: p.cOut, cin: p.cIn, cp4: xh.cp4, cop4: Math.ceil(p.cOut / 4),
    blocks, blocks_per_split: perSplit, splits, group, blocks_per_image: blocksPerImage, ow4,
  };
  const spec = conv2dWeightGradSpec(t, dyInPlace);
  be.stream.dispatch(spec, [bufferOf(dyh?.copy ?? dy), bufferOf(xh.copy), bufferOf(partial)], uniforms, gemmGrid(tiles, t.wg, splits));
  dyh?.copy.release();
  xh.copy.release();
  if (splits === 1) return partial;
  const dw = be.reduce('sum', partial, 1, splits, size);
  partial.release();
  return dw;
}
