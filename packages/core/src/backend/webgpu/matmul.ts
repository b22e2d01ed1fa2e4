import { type GemmTile, matmulSpec } from '@pad-gpu/kernels';
import type { MatmulParams } from '../backend.js';
import type { Storage } from '../../tensor/storage.js';
import type { WebGpuBackend } from './webgpu-backend.js';
import { bufferOf, newStorage } from './gpu-storage.js';
import { fillStorage } from './elementwise.js';
import { GEMM_TUNING, type GemmTuning, chooseTile, gemmGrid } from './gemm-tiles.js';

export function gemmTuning(be: WebGpuBackend): GemmTuning {
  return be.ctx.description.isCpu ? GEMM_TUNING.cpuAdapter : GEMM_TUNING.gpuAdapter;
}

/**
 * Batched C = op(A) · op(B) on the register-tiled kernel. An operand is read as vec4s along its
 * contiguous axis when that axis and its batch stride are multiples of 4 (aligned in the buffer),
 * otherwise as scalars; the kernel variant is picked by override constants, the tile by shape
 * (`tile` forces one, for tests and benchmarks).
 */
export function matmulOp(be: WebGpuBackend, a: Storage, b: Storage, p: MatmulParams, tile?: GemmTile): Storage {
  if (a.dtype !== 'f32' || b.dtype !== 'f32') throw new Error(`webgpu matmul: only f32 is supported, got ${a.dtype} and ${b.dtype} (cast first)`);
  const { batch, m, n, k } = p;
  if (batch * m * n === 0) return newStorage(be, 0, 'f32');
  if (k === 0) return fillStorage(be, batch * m * n, 0, 'f32');
  const out = newStorage(be, batch * m * n, 'f32');
  const vecA = (p.transA ? m : k) % 4 === 0 && p.strideA % 4 === 0;
  const vecB = (p.transB ? k : n) % 4 === 0 && p.strideB % 4 === 0;
  const t = tile ?? chooseTile(gemmTuning(be), m, n, batch);
  const spec = matmulSpec(t, n % 4 === 0);
  const tiles = Math.ceil(m / t.tm) * Math.ceil(n / t.tn);
  const A = bufferOf(a);
  const B = bufferOf(b);
  const overrides = { TRANS_A: Number(p.transA), TRANS_B: Number(p.transB), VEC_A: Number(vecA), VEC_B: Number(vecB) };
  const uniforms = { m, n, k, k4: Math.ceil(k / 4), stride_a: p.strideA, stride_b: p.strideB, layers: batch, pad0: 0 };
  be.stream.dispatch(spec, [A, A, B, B, bufferOf(out)], uniforms, gemmGrid(tiles, t.wg, batch), overrides);
  return out;
}
