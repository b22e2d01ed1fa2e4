import { grid1d, sgdStep } from '@pad-gpu/kernels';
import { Storage } from '../../tensor/storage.js';
import { Tensor } from '../../tensor/tensor.js';
import { bufferOf, elementwiseGrid, newStorage } from '../../backend/webgpu/gpu-storage.js';
import { asWebGpu, checkF32, checkSame, cpuArray } from './device.js';

/**
 * a - eta * b in one dispatch, with eta a one-element tensor that stays on the device. This is the
 * student update θ_{i+1} = θ_i - η g_i of the unrolled inner loop (PAD eq. 5 / MTT eq. 2) and the
 * adjoint updates of the reverse pass. Not differentiable (the exact gradient is formed explicitly).
 */
export function axpyNeg(a: Tensor, b: Tensor, eta: Tensor): Tensor {
  checkSame('sgdStep', [a, b, eta]);
  checkF32('sgdStep', [a, b, eta]);
  if (a.size !== b.size) throw new Error(`sgdStep: operands have ${a.size} and ${b.size} elements`);
  if (eta.size !== 1) throw new Error(`sgdStep: the learning rate must have one element, got [${eta.shape}]`);
  const gpu = asWebGpu(a.backend);
  if (gpu) {
    const out = newStorage(gpu, a.size, 'f32');
    if (a.size > 0) {
      gpu.stream.dispatch(sgdStep, [bufferOf(a.storage), bufferOf(b.storage), bufferOf(eta.storage), bufferOf(out)], { n: a.size }, grid1d(elementwiseGrid(a.size)));
    }
    return new Tensor(out, a.shape);
  }
  const A = cpuArray(a.storage);
  const B = cpuArray(b.storage);
  const e = cpuArray(eta.storage)[0];
  const out = new Float64Array(a.size);
  for (let i = 0; i < out.length; i++) out[i] = A[i] - e * B[i];
  return new Tensor(new Storage(a.backend, out.length, 'f32', out), a.shape);
}

/** θ_{i+1} = θ_i - η g_i (fused; see axpyNeg). */
export const sgdStepFused = axpyNeg;
