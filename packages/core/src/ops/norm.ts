import type { InstanceNormParams } from '../backend/backend.js';
import { makeResult } from '../autograd/record.js';
import { instanceNorm2dGrad } from '../autograd/rules/norm.js';
import { Tensor } from '../tensor/tensor.js';
import { assertFloat, sameBackend } from './util.js';

/**
 * Instance norm with affine parameters for NCHW input (PyTorch's GroupNorm(C, C), or instance_norm
 * with weight and bias): per (sample, channel) plane, y = (x - mean) / sqrt(var + eps) · weight[c] +
 * bias[c] with the biased variance. One fused kernel forward and, for plain first-order backward
 * passes, one fused kernel backward; with createGraph the rule uses the fused differentiable normalize ops, so
 * derivatives of every order stay exact.
 */
export function instanceNorm2d(x: Tensor, weight: Tensor, bias: Tensor, eps = 1e-5): Tensor {
  return instanceNormOp('instanceNorm2d', x, weight, bias, eps, false);
}

/**
 * relu(instanceNorm2d(x, weight, bias)) in one kernel each way (the ConvNet block's norm -> ReLU): one
 * pass over the activations fewer forward, two fewer backward. Exact to every order like instanceNorm2d
 * (ReLU's derivative is a constant mask).
 */
export function instanceNormRelu2d(x: Tensor, weight: Tensor, bias: Tensor, eps = 1e-5): Tensor {
  return instanceNormOp('instanceNormRelu2d', x, weight, bias, eps, true);
}

/**
 * avgPool2d(relu(instanceNorm2d(x, weight, bias)), 2) (2x2 window, stride 2, no padding; an odd last
 * row or column is dropped, as PyTorch's floor mode does) in one kernel each way: ConvNet's whole
 * norm -> ReLU -> pool block. The forward writes only the pooled [n, c, floor(h / 2), floor(w / 2)]
 * output, never the full-size activation; the plain backward reads the pooled gradient directly. Exact
 * to every order like instanceNorm2d (with createGraph the rule upsamples the gradient with
 * avgPool2dBackward, then differentiates the norm and ReLU as instanceNormRelu2d does). Planes smaller
 * than 2x2 are rejected, as avgPool2d rejects a window that does not fit.
 */
export function instanceNormReluPool2d(x: Tensor, weight: Tensor, bias: Tensor, eps = 1e-5): Tensor {
  return instanceNormOp('instanceNormReluPool2d', x, weight, bias, eps, true, true);
}

function instanceNormOp(name: string, x: Tensor, weight: Tensor, bias: Tensor, eps: number, relu: boolean, pool = false): Tensor {
  assertFloat(name, x, weight, bias);
  const be = sameBackend(name, x, weight, bias);
  if (x.rank !== 4) throw new Error(`${name}: input must be NCHW, got [${x.shape}]`);
  const [n, c, h, w] = x.shape;
  if (weight.rank !== 1 || weight.shape[0] !== c || bias.rank !== 1 || bias.shape[0] !== c) {
    throw new Error(`${name}: weight [${weight.shape}] and bias [${bias.shape}] must both be [${c}] for input [${x.shape}]`);
  }
  if (h * w === 0) throw new Error(`${name}: empty planes in input [${x.shape}]`);
  if (pool && (h < 2 || w < 2)) throw new Error(`${name}: a 2x2 pooling window does not fit a ${h}x${w} input`);
  const p: InstanceNormParams = pool ? { planes: n * c, c, hw: h * w, eps, relu, pool, width: w } : { planes: n * c, c, hw: h * w, eps, relu };
  const shape = pool ? [n, c, Math.floor(h / 2), Math.floor(w / 2)] : x.shape;
  const { y, mean, rstd } = be.instanceNorm(x.storage, weight.storage, bias.storage, p);
  // The per-plane statistics are constants of the fused backward (the createGraph path recomputes
  // them from x differentiably); untracked handles, saved by the node or freed here.
  const stats = [new Tensor(mean, [n * c], null, false), new Tensor(rstd, [n * c], null, false)];
  try {
    return makeResult(name, y, shape, [x, weight, bias], instanceNorm2dGrad, { save: [x, weight, bias, ...stats], attrs: p });
  } finally {
    for (const s of stats) s.dispose();
  }
}
