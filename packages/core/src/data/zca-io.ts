/**
 * A fitted ZCA transform as safetensors tensors, so it can be cached (fitting at D = 3072 takes minutes
 * in JS) and shipped with a distilled set (whose images live in whitened space). Float64 throughout,
 * so a cached transform is bit-identical to a fresh fit. The fingerprint ties a cache to the exact
 * training images it was fitted on.
 */
import { crc32 } from '../io/crc32.js';
import type { SafeTensor } from '../io/safetensors.js';
import type { ZcaTransform } from './zca.js';

export function zcaToTensors(t: ZcaTransform): Record<string, SafeTensor> {
  const out: Record<string, SafeTensor> = {
    'zca.mean': { dtype: 'F64', shape: [t.dim], data: t.mean },
    'zca.matrix': { dtype: 'F64', shape: [t.dim, t.dim], data: t.matrix },
    'zca.eps': { dtype: 'F64', shape: [], data: Float64Array.of(t.eps) },
  };
  if (t.inverse) out['zca.inverse'] = { dtype: 'F64', shape: [t.dim, t.dim], data: t.inverse };
  return out;
}

/** The transform stored by zcaToTensors; `file` names the source in errors. */
export function zcaFromTensors(tensors: Record<string, SafeTensor>, file: string): ZcaTransform {
  const get = (name: string, rank: number) => {
    const t = tensors[name];
    if (!t) throw new Error(`${file}: no tensor ${name} (not a ZCA transform?)`);
    if (t.dtype !== 'F64' || t.shape.length !== rank) throw new Error(`${file}: ${name} must be F64 of rank ${rank}, got ${t.dtype} [${t.shape}]`);
    return t;
  };
  const mean = get('zca.mean', 1), matrix = get('zca.matrix', 2), eps = get('zca.eps', 0);
  const dim = mean.shape[0];
  if (matrix.shape[0] !== dim || matrix.shape[1] !== dim) throw new Error(`${file}: zca.matrix is [${matrix.shape}], expected [${dim}, ${dim}]`);
  const inverse = tensors['zca.inverse'] ? get('zca.inverse', 2) : undefined;
  if (inverse && (inverse.shape[0] !== dim || inverse.shape[1] !== dim)) throw new Error(`${file}: zca.inverse is [${inverse.shape}], expected [${dim}, ${dim}]`);
  return {
    dim, eps: (eps.data as Float64Array)[0], mean: mean.data as Float64Array, matrix: matrix.data as Float64Array,
    inverse: inverse?.data as Float64Array | undefined,
  };
}

/** Identifies a training set: its size and a CRC-32 of its float32 bytes. */
export function imagesFingerprint(images: Float32Array, n: number): string {
  const crc = crc32(new Uint8Array(images.buffer, images.byteOffset, images.byteLength));
  return `n=${n};crc32=${crc.toString(16).padStart(8, '0')}`;
}
