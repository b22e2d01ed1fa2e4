import { avgPool2d, avgPool2dGrad, grid1d } from '@pad-gpu/kernels';
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

export function avgPool2dOp(be: WebGpuBackend, x: Storage, p: Pool2dParams): Storage {
  assertF32('avgPool2d', x);
  const n = p.n * p.c * p.outH * p.outW;
  const out = newStorage(be, n, 'f32');
  if (n > 0) be.stream.dispatch(avgPool2d, [bufferOf(x), bufferOf(out)], poolUniforms(p, n), grid1d(elementwiseGrid(n)));
  return out;
}

export function avgPool2dGradOp(be: WebGpuBackend, dy: Storage, p: Pool2dParams): Storage {
  assertF32('avgPool2dGrad', dy);
  const n = p.n * p.c * p.h * p.w;
  const dx = newStorage(be, n, 'f32');
  if (n > 0) be.stream.dispatch(avgPool2dGrad, [bufferOf(dy), bufferOf(dx)], poolUniforms(p, n), grid1d(elementwiseGrid(n)));
  return dx;
}
