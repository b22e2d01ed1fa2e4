import type { Backend } from '../backend/backend.js';
import type { ImageDataset } from '../data/dataset.js';
import type { Model } from '../nn/model.js';
import { noGrad } from '../autograd/grad-mode.js';
import { tensor } from '../ops/creation.js';
import { tidy } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * A labelled image set on the host, uploaded a batch at a time: a full training set can exceed one
 * WebGPU storage binding (128 MiB on llvmpipe; Fashion-MNIST's 60,000 images are 188 MB in f32).
 */
export type HostImages = Pick<ImageDataset, 'images' | 'labels' | 'n' | 'channels' | 'height' | 'width' | 'numClasses'>;

export function imageShape(d: HostImages): [number, number, number] {
  return [d.channels, d.height, d.width];
}

/** Rows `indices` of the set as a device tensor [k, C, H, W]. */
export function uploadRows(d: HostImages, indices: ArrayLike<number>, backend: Backend): Tensor {
  const size = d.channels * d.height * d.width;
  const out = new Float32Array(indices.length * size);
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j];
    if (!(i >= 0 && i < d.n)) throw new Error(`sample index ${i} is outside [0, ${d.n})`);
    out.set(d.images.subarray(i * size, (i + 1) * size), j * size);
  }
  return tensor(out, [indices.length, d.channels, d.height, d.width], { backend });
}

/** Logits [k, classes] of the model at `params` on rows `indices`, batch by batch (evaluation mode). */
export async function logitsOf(model: Model, params: Tensor, d: HostImages, indices: ArrayLike<number>, batch = 256): Promise<Float64Array> {
  const out = new Float64Array(indices.length * model.numClasses);
  for (let s = 0; s < indices.length; s += batch) {
    const rows = Array.from({ length: Math.min(batch, indices.length - s) }, (_, j) => indices[s + j]);
    const logits = noGrad(() => tidy(() => model.forward(params, uploadRows(d, rows, params.backend), { train: false })));
    out.set(await logits.data(), s * model.numClasses);
    logits.dispose();
  }
  return out;
}

export function argmaxRow(logits: ArrayLike<number>, row: number, classes: number): number {
  let best = 0;
  for (let c = 1; c < classes; c++) if (logits[row * classes + c] > logits[row * classes + best]) best = c;
  return best;
}
