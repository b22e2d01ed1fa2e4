import { conv2d, type Conv2dOptions } from '../../ops/conv.js';
import { max } from '../../ops/reduce.js';
import { reshape, slice } from '../../ops/shape-ops.js';
import type { Tensor } from '../../tensor/tensor.js';
import { linear } from '../functional/linear.js';
import { instanceNorm } from '../functional/norm.js';
import { instanceNorm2d, instanceNormReluPool2d } from '../../ops/norm.js';
import type { ForwardOptions } from '../model.js';
import { batchNormLayer, registerBatchNormState } from './batchnorm.js';
import { fanInBound, type ParamLayout } from './params.js';

/** 'instancenorm' is GroupNorm with one group per channel (the MTT/DATM/PAD ConvNet default). */
export type NormKind = 'instancenorm' | 'batchnorm' | 'none';

/** Parameters by name, as unpacked from the flat vector for one forward pass. */
export type Params = Map<string, Tensor>;

/** What a model definition records while it registers its layers: parameters and BN buffers. */
export interface Registry {
  layout: ParamLayout;
  /** Names of BatchNorm modules (their running statistics live in ModelState). */
  bnModules: string[];
}

export function registerConv(r: Registry, name: string, cIn: number, cOut: number, k: number, bias = true): void {
  const bound = fanInBound(cIn * k * k);
  r.layout.add(`${name}.weight`, [cOut, cIn, k, k], { uniform: bound });
  if (bias) r.layout.add(`${name}.bias`, [cOut], { uniform: bound });
}

export function registerLinear(r: Registry, name: string, inFeatures: number, outFeatures: number): void {
  const bound = fanInBound(inFeatures);
  r.layout.add(`${name}.weight`, [outFeatures, inFeatures], { uniform: bound });
  r.layout.add(`${name}.bias`, [outFeatures], { uniform: bound });
}

/** Norm layers start as the identity map (weight 1, bias 0), as in PyTorch. */
export function registerNorm(r: Registry, name: string, kind: NormKind, channels: number): void {
  if (kind === 'none') return;
  r.layout.add(`${name}.weight`, [channels], { constant: 1 });
  r.layout.add(`${name}.bias`, [channels], { constant: 0 });
  if (kind === 'batchnorm') registerBatchNormState(r, name);
}

/**
 * A conv layer. `skipBias` is for a conv feeding instance norm, which subtracts every (sample, channel)
 * mean and so cancels a per-channel bias exactly: leaving the add out changes no output and no
 * derivative of any order (the bias's gradient is exactly zero either way, as it is analytically in
 * PyTorch), and saves a broadcast add forward and a reduction backward. The bias stays in `flat`, so
 * parameter counts and offsets still match the reference.
 */
export function convLayer(p: Params, name: string, x: Tensor, opts: Conv2dOptions, skipBias = false): Tensor {
  return conv2d(x, p.get(`${name}.weight`)!, skipBias ? null : (p.get(`${name}.bias`) ?? null), opts);
}

export function linearLayer(p: Params, name: string, x: Tensor): Tensor {
  return linear(x, p.get(`${name}.weight`)!, p.get(`${name}.bias`)!);
}

/** avgPool2d(relu(instance norm), 2) of NCHW x as one fused op (ConvNet's whole block after the conv). */
export function normReluPoolLayer(p: Params, name: string, x: Tensor): Tensor {
  return instanceNormReluPool2d(x, p.get(`${name}.weight`)!, p.get(`${name}.bias`)!);
}

export function normLayer(p: Params, name: string, kind: NormKind, x: Tensor, opts: ForwardOptions): Tensor {
  if (kind === 'none') return x;
  const w = p.get(`${name}.weight`)!;
  const b = p.get(`${name}.bias`)!;
  if (kind === 'instancenorm') return x.rank === 4 ? instanceNorm2d(x, w, b) : instanceNorm(x, w, b);
  return batchNormLayer(name, x, w, b, opts);
}

/**
 * nn.MaxPool2d(2, 2) from a reshape and a max over the two window axes; odd trailing rows/columns are
 * dropped as PyTorch's floor mode does. The max's gradient rule routes gradients to the arg-max and
 * is itself differentiable, so every order works.
 */
export function maxPool2x2(x: Tensor): Tensor {
  const [n, c, h, w] = x.shape;
  const h2 = Math.floor(h / 2);
  const w2 = Math.floor(w / 2);
  const even = h % 2 === 0 && w % 2 === 0 ? x : slice(x, [0, 0, 0, 0], [n, c, 2 * h2, 2 * w2]);
  return max(reshape(even, [n, c, h2, 2, w2, 2]), [3, 5]);
}

/** Output size of a square conv/pool along one axis. */
export function convOut(size: number, k: number, pad: number, stride = 1): number {
  return Math.floor((size + 2 * pad - k) / stride) + 1;
}
