import { avgPool2d, avgPool2dGrad, avgPool2x2, avgPool2x2Grad, grid1d } from '@pad-gpu/kernels';
import type { Pool2dParams } from '../backend.js';
import type { Storage } from '../../tensor/storage.js';
import type { WebGpuBackend } from './webgpu-backend.js';
import { bufferOf, elementwiseGrid, newStorage } from './gpu-storage.js';

function poolUniforms(p: Pool2dParams, n: number): Record<string, number> {
  const { h, w, outH, outW, kh, kw, strideH, strideW, padH, padW } = p;
  return { n, h, w, outH, outW, kh, kw, strideH, strideW, padH, padW, inv: 1 / (kh * kw) };
}

function assertF32(op: string, s: Storage): void {
  if (s.dtype !== 'f32') throw new Error(`webgpu ${op}: expected f32, got ${s.dtype}`);
}

/** ConvNet's 2x2 / stride 2 / no padding pooling has its own kernels, free of index division. */
function isPool2x2(p: Pool2dParams): boolean {
  return p.kh === 2 && p.kw === 2 && p.strideH === 2 && p.strideW === 2 && p.padH === 0 && p.padW === 0;
}

/** One invocation per (column, row) of a plane over an 8x8 workgroup; planes go on z, in chunks so z stays within 65535. */
function pool2x2Dispatch(be: WebGpuBackend, kernel: typeof avgPool2x2, src: Storage, dst: Storage, p: Pool2dParams, cols: number, rows: number): void {
  const planes = p.n * p.c;
  const zPlanes = Math.ceil(planes / 65535);
  const u = { planes, h: p.h, w: p.w, outH: p.outH, outW: p.outW, zPlanes };
  be.stream.dispatch(kernel, [bufferOf(src), bufferOf(dst)], u, [Math.ceil(cols / 8), Math.ceil(rows / 8), Math.ceil(planes / zPlanes)]);
}

export function avgPool2dOp(be: WebGpuBackend, x: Storage, p: Pool2dParams): Storage {
  assertF32('avgPool2d', x);
  const n = p.n * p.c * p.outH * p.outW;
  const out = newStorage(be, n, 'f32');
  if (n > 0 && isPool2x2(p)) pool2x2Dispatch(be, avgPool2x2, x, out, p, p.outW, p.outH);
  else if (n > 0) be.stream.dispatch(avgPool2d, [bufferOf(x), bufferOf(out)], poolUniforms(p, n), grid1d(elementwiseGrid(n)));
  return out;
}

export function avgPool2dGradOp(be: WebGpuBackend, dy: Storage, p: Pool2dParams): Storage {
  assertF32('avgPool2dGrad', dy);
  const n = p.n * p.c * p.h * p.w;
  const dx = newStorage(be, n, 'f32');
  if (n > 0 && isPool2x2(p)) pool2x2Dispatch(be, avgPool2x2Grad, dy, dx, p, p.w, p.h);
  else if (n > 0) be.stream.dispatch(avgPool2dGrad, [bufferOf(dy), bufferOf(dx)], poolUniforms(p, n), grid1d(elementwiseGrid(n)));
  return dx;
}
