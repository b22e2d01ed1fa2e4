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

function instanceNormOp(name: string, x: Tensor, weight: Tensor, bias: Tensor, eps: number, relu: boolean): Tensor {
  assertFloat(name, x, weight, bias);
  const be = sameBackend(name, x, weight, bias);
  if (x.rank !== 4) throw new Error(`${name}: input must be NCHW, got [${x.shape}]`);
  const [n, c, h, w] = x.shape;
  if (weight.rank !== 1 || weight.shape[0] !== c || bias.rank !== 1 || bias.shape[0] !== c) {
    throw new Error(`${name}: weight [${weight.shape}] and bias [${bias.shape}] must both be [${c}] for input [${x.shape}]`);
  }
  if (h * w === 0) throw new Error(`${name}: empty planes in input [${x.shape}]`);
  const p: InstanceNormParams = { planes: n * c, c, hw: h * w, eps, relu };
  const { y, mean, rstd } = be.instanceNorm(x.storage, weight.storage, bias.storage, p);
  // The per-plane statistics are constants of the fused backward (the createGraph path recomputes
  // them from x differentiably); untracked handles, saved by the node or freed here.
  const stats = [new Tensor(mean, [n * c], null, false), new Tensor(rstd, [n * c], null, false)];
  try {
    return makeResult(name, y, x.shape, [x, weight, bias], instanceNorm2dGrad, { save: [x, weight, bias, ...stats], attrs: p });
  } finally {
    for (const s of stats) s.dispose();
  }
}
