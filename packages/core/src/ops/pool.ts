import type { Pool2dParams } from '../backend/backend.js';
import { makeResult } from '../autograd/record.js';
import { avgPool2dGradRule, avgPool2dGradGradRule } from '../autograd/rules/pool.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertFloat } from './util.js';

export interface Pool2dOptions {
  stride?: number;
  padding?: number;
}

/** torch.nn.functional.avg_pool2d(x, kernel, stride = kernel, padding, count_include_pad = True). */
export function avgPool2d(x: Tensor, kernel: number, opts: Pool2dOptions = {}): Tensor {
  assertFloat('avgPool2d', x);
  if (x.rank !== 4) throw new Error(`avgPool2d: input must be NCHW, got [${x.shape}]`);
  const [n, c, h, w] = x.shape;
  const stride = opts.stride ?? kernel;
  const pad = opts.padding ?? 0;
  // PyTorch's rule: wider padding would make windows of padding only (averages of nothing but zeros).
  if (!Number.isInteger(pad) || pad < 0 || pad > kernel / 2) throw new Error(`avgPool2d: padding ${pad} must be between 0 and half the kernel (${kernel})`);
  const outH = Math.floor((h + 2 * pad - kernel) / stride) + 1;
  const outW = Math.floor((w + 2 * pad - kernel) / stride) + 1;
  if (outH < 1 || outW < 1) throw new Error(`avgPool2d: a ${kernel}x${kernel} window does not fit a ${h}x${w} input`);
  const p: Pool2dParams = { n, c, h, w, kh: kernel, kw: kernel, strideH: stride, strideW: stride, padH: pad, padW: pad, outH, outW };
  return avgPool2dRaw(x, p);
}

export function avgPool2dRaw(x: Tensor, p: Pool2dParams): Tensor {
  return makeResult('avgPool2d', x.backend.avgPool2d(x.storage, p), [p.n, p.c, p.outH, p.outW], [x], avgPool2dGradRule, { attrs: p });
}

/** The adjoint of avgPool2d (its input gradient), itself differentiable. */
export function avgPool2dBackward(dy: Tensor, p: Pool2dParams): Tensor {
  return makeResult('avgPool2dBackward', dy.backend.avgPool2dGrad(dy.storage, p), [p.n, p.c, p.h, p.w], [dy], avgPool2dGradGradRule, { attrs: p });
}
