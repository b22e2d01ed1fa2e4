import { REDUCE_OPS, grid1d, reduceCols, reduceRows } from '@pad-gpu/kernels';
import type { ReduceOp } from '../backend.js';
import type { Storage } from '../../tensor/storage.js';
import type { WebGpuBackend } from './webgpu-backend.js';
import { bufferOf, elementwiseGrid, newStorage } from './gpu-storage.js';
import { fillStorage } from './elementwise.js';

export interface ReduceTuning {
  /** Contiguous rows (inner = 1) longer than this use the workgroup tree (reduce-rows). */
  treeMinRow: number;
  /** Invocations per reduce-rows workgroup (a power of two, at most 256 for browsers). */
  treeWorkgroup: number;
  /** Elements one reduce-rows workgroup folds per pass. */
  treeChunk: number;
  /** reduce-cols folds rows up to this length in one pass, longer ones in chunks of `serialChunk`. */
  serialOnePass: number;
  serialChunk: number;
}

/**
 * Presets by adapter kind. On CPU adapters (llvmpipe) barriers are expensive and a serial loop per
 * output over chunks of 64 was fastest for every measured shape (2-2.5 GB/s for [1, 320000, 1],
 * [2560, 1024, 1], [70000, 300, 1], [128, 65536, 1]; the 256-invocation tree reached 0.07-0.5 GB/s),
 * so the tree is off there. Real GPUs want long rows read cooperatively by a workgroup (coalesced).
 */
export const REDUCE_TUNING: { cpuAdapter: ReduceTuning; gpuAdapter: ReduceTuning } = {
  cpuAdapter: { treeMinRow: Infinity, treeWorkgroup: 64, treeChunk: 4096, serialOnePass: 256, serialChunk: 64 },
  gpuAdapter: { treeMinRow: 256, treeWorkgroup: 256, treeChunk: 4096, serialOnePass: 256, serialChunk: 64 },
};

const IDENTITY: Record<ReduceOp, number> = { sum: 0, max: -Infinity, min: Infinity };

/**
 * Reduces the middle axis of [outer, r, inner] in passes that each shrink r to the number of chunks,
 * until one is left: sums are then block-ordered (error grows with chunk + r / chunk + ..., not r) and
 * no pass needs float atomics. Each pass is either a serial loop per output over a chunk (neighbouring
 * invocations on neighbouring columns) or, for long contiguous rows on GPUs, a workgroup tree.
 */
export function reduceOp(be: WebGpuBackend, op: ReduceOp, x: Storage, outer: number, r: number, inner: number, tuning?: ReduceTuning): Storage {
  if (x.dtype !== 'f32') throw new Error(`webgpu reduce: only f32 is supported, got ${x.dtype} (cast first)`);
  const nOut = outer * inner;
  if (nOut === 0 || r === 0) return fillStorage(be, nOut, IDENTITY[op], 'f32');
  const OP = REDUCE_OPS.indexOf(op);
  const t = tuning ?? (be.ctx.description.isCpu ? REDUCE_TUNING.cpuAdapter : REDUCE_TUNING.gpuAdapter);
  let cur = x;
  let len = r;
  for (;;) {
    let chunks: number;
    let next: Storage;
    if (inner === 1 && len > t.treeMinRow) {
      chunks = Math.ceil(len / t.treeChunk);
      next = newStorage(be, outer * chunks, 'f32');
      const nwork = outer * chunks;
      be.stream.dispatch(reduceRows, [bufferOf(cur), bufferOf(next)], { r: len, chunk: t.treeChunk, nchunks: chunks, nwork, init: IDENTITY[op] }, grid1d(nwork), { OP, WG: t.treeWorkgroup });
    } else {
      const chunk = len <= t.serialOnePass ? len : t.serialChunk;
      chunks = Math.ceil(len / chunk);
      const n = outer * chunks * inner;
      next = newStorage(be, n, 'f32');
      be.stream.dispatch(reduceCols, [bufferOf(cur), bufferOf(next)], { n, r: len, inner, chunk, nchunks: chunks, init: IDENTITY[op] }, grid1d(elementwiseGrid(n)), { OP });
    }
    if (cur !== x) cur.release();
    cur = next;
    len = chunks;
    if (len === 1) return cur;
  }
}
