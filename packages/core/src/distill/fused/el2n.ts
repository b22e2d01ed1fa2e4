import { el2n, grid1d } from '@pad-gpu/kernels';
import { Storage } from '../../tensor/storage.js';
import { Tensor } from '../../tensor/tensor.js';
import { bufferOf, elementwiseGrid, newStorage } from '../../backend/webgpu/gpu-storage.js';
import { asWebGpu, checkSame, cpuArray } from './device.js';

/**
 * Per-sample EL2N scores ||softmax(logits_i) - onehot(y_i)||_2 (Paul et al. 2021) from logits [n, C]
 * and i32 labels [n], in one dispatch on WebGPU. Labels must lie in [0, C) (checked by the callers,
 * which read them from the data set; the GPU cannot report a bad index).
 */
export function el2nScores(logits: Tensor, labels: Tensor): Tensor {
  checkSame('el2nScores', [logits, labels]);
  if (logits.rank !== 2 || logits.dtype !== 'f32') throw new Error(`el2nScores: logits must be f32 [n, classes], got ${logits.dtype} [${logits.shape}]`);
  const [n, classes] = logits.shape;
  if (labels.dtype !== 'i32' || labels.rank !== 1 || labels.size !== n) {
    throw new Error(`el2nScores: labels must be i32 [${n}], got ${labels.dtype} [${labels.shape}]`);
  }
  const gpu = asWebGpu(logits.backend);
  if (gpu) {
    const out = newStorage(gpu, n, 'f32');
    if (n > 0) {
      gpu.stream.dispatch(el2n, [bufferOf(logits.storage), bufferOf(labels.storage), bufferOf(out)], { n, classes }, grid1d(elementwiseGrid(n)));
    }
    return new Tensor(out, [n]);
  }
  const L = cpuArray(logits.storage);
  const Y = cpuArray(labels.storage);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * classes;
    let m = -Infinity;
    for (let c = 0; c < classes; c++) m = Math.max(m, L[row + c]);
    let s = 0;
    for (let c = 0; c < classes; c++) s += Math.exp(L[row + c] - m);
    let acc = 0;
    for (let c = 0; c < classes; c++) {
      const d = Math.exp(L[row + c] - m) / s - (c === Y[i] ? 1 : 0);
      acc += d * d;
    }
    out[i] = Math.sqrt(acc);
  }
  return new Tensor(new Storage(logits.backend, n, 'f32', out), [n]);
}
