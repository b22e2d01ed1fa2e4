import { conv2dInputGradSpec, conv2dSpec, conv2dWeightGradSpec, convLayout, grid1d } from '@pad-gpu/kernels';
import type { Conv2dParams } from '../backend.js';
import type { Storage } from '../../tensor/storage.js';
import type { WebGpuBackend } from './webgpu-backend.js';
import { bufferOf, elementwiseGrid, newStorage } from './gpu-storage.js';
import { fillStorage } from './elementwise.js';
import { chooseTile, gemmGrid } from './gemm-tiles.js';
import { gemmTuning } from './matmul.js';

/**
 * The conv2d trio as implicit GEMMs on the tiled-matmul core. Each first copies its operands
 * channels-last with channels padded to a multiple of 4 (one cheap pass each), so the GEMM reads
 * four channels of a pixel as one aligned vec4; the kernels then differ only in how they address
 * A and B and where they write C (packages/kernels/src/wgsl/conv2d*.wgsl, docs/kernels.md).
 */

function assertF32(op: string, ...ss: Storage[]): void {
  for (const s of ss) if (s.dtype !== 'f32') throw new Error(`webgpu ${op}: only f32 is supported, got ${s.dtype} (cast first)`);
}

/** x viewed as [b, c, s] copied to [b * s][cp4 * 4]; the caller releases the copy after use. */
function channelsLast(be: WebGpuBackend, x: Storage, b: number, c: number, s: number): { copy: Storage; cp4: number } {
  const cp4 = Math.ceil(c / 4);
  const total = b * s * cp4;
  const copy = newStorage(be, total * 4, 'f32');
  be.stream.dispatch(convLayout, [bufferOf(x), bufferOf(copy)], { total, c, s, cp4 }, grid1d(elementwiseGrid(total)));
  return { copy, cp4 };
}

function geometry(p: Conv2dParams) {
  return {
    h: p.h, w: p.w, kw: p.kw, khw: p.kh * p.kw, stride_h: p.strideH, stride_w: p.strideW,
    pad_h: p.padH, pad_w: p.padW, out_h: p.outH, out_w: p.outW,
  };
}

const isEmpty = (...sizes: number[]) => sizes.some((s) => s === 0);

export function conv2dOp(be: WebGpuBackend, x: Storage, w: Storage, p: Conv2dParams): Storage {
  assertF32('conv2d', x, w);
  const size = p.n * p.cOut * p.outH * p.outW;
  if (isEmpty(size, p.cIn, p.kh, p.kw, p.h, p.w)) return fillStorage(be, size, 0, 'f32');
  const xh = channelsLast(be, x, p.n, p.cIn, p.h * p.w);
  const wt = channelsLast(be, w, p.cOut, p.cIn, p.kh * p.kw);
  const out = newStorage(be, size, 'f32');
  const m = p.n * p.outH * p.outW;
  const tile = chooseTile(gemmTuning(be), m, p.cOut);
  const tiles = Math.ceil(m / tile.tm) * Math.ceil(p.cOut / tile.tn);
  const uniforms = { ...geometry(p), m, cout: p.cOut, cp4: xh.cp4, pad0: 0, pad1: 0, pad2: 0 };
  be.stream.dispatch(conv2dSpec(tile), [bufferOf(xh.copy), bufferOf(wt.copy), bufferOf(out)], uniforms, gemmGrid(tiles, tile.wg, 1));
  xh.copy.release();
  wt.copy.release();
  return out;
}

export function conv2dInputGradOp(be: WebGpuBackend, dy: Storage, w: Storage, p: Conv2dParams): Storage {
  assertF32('conv2dInputGrad', dy, w);
  const size = p.n * p.cIn * p.h * p.w;
  if (isEmpty(size, p.cOut, p.kh, p.kw, p.outH, p.outW)) return fillStorage(be, size, 0, 'f32');
  const dyh = channelsLast(be, dy, p.n, p.cOut, p.outH * p.outW);
  // W [cOut, cIn*kh*kw] viewed as one image of cOut channels: rows (c, kh, kw), output channels last.
  const wt = channelsLast(be, w, 1, p.cOut, p.cIn * p.kh * p.kw);
  const dx = newStorage(be, size, 'f32');
  const m = p.n * p.h * p.w;
  const tile = chooseTile(gemmTuning(be), m, p.cIn);
  const tiles = Math.ceil(m / tile.tm) * Math.ceil(p.cIn / tile.tn);
  const uniforms = { ...geometry(p), m, cin: p.cIn, cop4: dyh.cp4, pad0: 0, pad1: 0, pad2: 0 };
  be.stream.dispatch(conv2dInputGradSpec(tile), [bufferOf(dyh.copy), bufferOf(wt.copy), bufferOf(dx)], uniforms, gemmGrid(tiles, tile.wg, 1));
  dyh.copy.release();
  wt.copy.release();
  return dx;
}

/** Grid layers wanted for split-K: enough workgroups in total, each layer at least one output row. */
function splitCount(be: WebGpuBackend, workgroupsPerLayer: number, rows: number): number {
  const wanted = Math.ceil((4 * gemmTuning(be).minWorkgroups) / workgroupsPerLayer);
  return Math.max(1, Math.min(rows, wanted, 65535));
}

export function conv2dWeightGradOp(be: WebGpuBackend, x: Storage, dy: Storage, p: Conv2dParams): Storage {
  assertF32('conv2dWeightGrad', x, dy);
  const size = p.cOut * p.cIn * p.kh * p.kw;
  if (isEmpty(size, p.n, p.outH, p.outW)) return fillStorage(be, size, 0, 'f32');
  const dyh = channelsLast(be, dy, p.n, p.cOut, p.outH * p.outW);
  const xh = channelsLast(be, x, p.n, p.cIn, p.h * p.w);
  const cols = p.kh * p.kw * xh.cp4 * 4;
  const rows = p.n * p.outH;
  const tuning = gemmTuning(be);
  const tile = chooseTile(tuning, p.cOut, cols, rows);
  const tiles = Math.ceil(p.cOut / tile.tm) * Math.ceil(cols / tile.tn);
  const wanted = splitCount(be, Math.ceil(tiles / tile.wg), rows);
  const perSplit = Math.ceil(rows / wanted);
  const splits = Math.ceil(rows / perSplit);
  const partial = newStorage(be, splits * size, 'f32');
  const uniforms = { ...geometry(p), cout: p.cOut, cin: p.cIn, cp4: xh.cp4, cop4: dyh.cp4, rows, rows_per_split: perSplit };
  be.stream.dispatch(conv2dWeightGradSpec(tile), [bufferOf(dyh.copy), bufferOf(xh.copy), bufferOf(partial)], uniforms, gemmGrid(tiles, tile.wg, splits));
  dyh.copy.release();
  xh.copy.release();
  if (splits === 1) return partial;
  const dw = be.reduce('sum', partial, 1, splits, size);
  partial.release();
  return dw;
}
