import { grid1d, random } from '@pad-gpu/kernels';
import type { Storage } from '../../tensor/storage.js';
import { streamKey } from '../../random/counter-hash.js';
import type { WebGpuBackend } from './webgpu-backend.js';
import { bufferOf, elementwiseGrid, newStorage } from './gpu-storage.js';

/** Counter-based draws (random.wgsl mirrors counter-hash.ts); the stream key is hashed on the host. */
export function randomOp(be: WebGpuBackend, kind: 'uniform' | 'normal', size: number, seed: number, offset: number): Storage {
  const out = newStorage(be, size, 'f32');
  if (size === 0) return out;
  // The counter wraps modulo 2^32 in both the reference (via `^`) and the kernel (u32 arithmetic).
  const u = { n: size, key: streamKey(seed), offset: offset >>> 0 };
  be.stream.dispatch(random, [bufferOf(out)], u, grid1d(elementwiseGrid(size)), { NORMAL: kind === 'normal' ? 1 : 0 });
  return out;
}
