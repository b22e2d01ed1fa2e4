import type { Conv2dParams } from '../backend/backend.js';
import { makeResult } from '../autograd/record.js';
import { conv2dGrad, convTranspose2dGrad, conv2dWeightGradGrad } from '../autograd/rules/conv.js';
import type { Tensor } from '../tensor/tensor.js';
import { add } from './arithmetic.js';
import { reshape } from './shape-ops.js';
import { assertFloat, sameBackend } from './util.js';

export interface Conv2dOptions {
  stride?: number | readonly [number, number];
  /** Symmetric padding per axis, or [top, bottom, left, right] for asymmetric padding. */
  padding?: number | readonly [number, number] | readonly [number, number, number, number];
}

const pair = (v: number | readonly number[] | undefined, d: number): [number, number] =>
  v === undefined ? [d, d] : typeof v === 'number' ? [v, v] : [v[0], v[1]];

/** Conv geometry from the input and weight shapes, checked with the offending sizes named. */
export function convParams(xShape: readonly number[], wShape: readonly number[], opts: Conv2dOptions = {}): Conv2dParams {
  if (xShape.length !== 4 || wShape.length !== 4) throw new Error(`conv2d: input must be NCHW and weight OIHW, got [${xShape}] and [${wShape}]`);
  const [n, cIn, h, w] = xShape;
  const [cOut, wc, kh, kw] = wShape;
  if (wc !== cIn) throw new Error(`conv2d: input has ${cIn} channels but the weight expects ${wc}`);
  const [strideH, strideW] = pair(opts.stride as number | readonly number[] | undefined, 1);
  const p = opts.padding;
  const [padT, padB, padL, padR] =
    p === undefined ? [0, 0, 0, 0] : typeof p === 'number' ? [p, p, p, p] : p.length === 2 ? [p[0], p[0], p[1], p[1]] : [p[0], p[1], p[2], p[3]];
  const outH = Math.floor((h + padT + padB - kh) / strideH) + 1;
  const outW = Math.floor((w + padL + padR - kw) / strideW) + 1;
  if (outH < 1 || outW < 1) throw new Error(`conv2d: a ${kh}x${kw} kernel does not fit a ${h}x${w} input with padding [${padT},${padB},${padL},${padR}]`);
  return { n, cIn, h, w, cOut, kh, kw, strideH, strideW, padH: padT, padW: padL, outH, outW };
}

/** torch.nn.functional.conv2d (groups = 1, dilation = 1). */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, opts: Conv2dOptions = {}): Tensor {
  assertFloat('conv2d', x, weight);
  sameBackend('conv2d', x, weight);
  const p = convParams(x.shape, weight.shape, opts);
  const y = conv2dRaw(x, weight, p);
  if (!bias) return y;
  if (bias.rank !== 1 || bias.size !== p.cOut) throw new Error(`conv2d: bias must have shape [${p.cOut}], got [${bias.shape}]`);
  const b4 = reshape(bias, [1, p.cOut, 1, 1]);
  const out = add(y, b4);
  y.dispose();
  b4.dispose();
  return out;
}

/** y = conv(x, w) for explicit geometry. Its rule uses the other two members of the trio. */
export function conv2dRaw(x: Tensor, w: Tensor, p: Conv2dParams): Tensor {
  const storage = x.backend.conv2d(x.storage, w.storage, p);
  return makeResult('conv2d', storage, [p.n, p.cOut, p.outH, p.outW], [x, w], conv2dGrad, { save: [x, w], attrs: p });
}

/** The input gradient of conv2d, i.e. conv_transpose2d(dy, w) back to the input geometry of p. */
export function convTranspose2dRaw(dy: Tensor, w: Tensor, p: Conv2dParams): Tensor {
  const storage = dy.backend.conv2dInputGrad(dy.storage, w.storage, p);
  return makeResult('convTranspose2d', storage, [p.n, p.cIn, p.h, p.w], [dy, w], convTranspose2dGrad, { save: [dy, w], attrs: p });
}

/** The weight gradient of conv2d for input x and output gradient dy. */
export function conv2dWeightGrad(x: Tensor, dy: Tensor, p: Conv2dParams): Tensor {
  const storage = x.backend.conv2dWeightGrad(x.storage, dy.storage, p);
  return makeResult('conv2dWeightGrad', storage, [p.cOut, p.cIn, p.kh, p.kw], [x, dy], conv2dWeightGradGrad, { save: [x, dy], attrs: p });
}

/** torch.nn.functional.conv_transpose2d(x, w, stride, padding, output_padding) with w as [cIn, cOut, kh, kw]
 *  (PyTorch's layout for transposed convolution): the adjoint of conv2d with the same geometry. */
export function convTranspose2d(x: Tensor, weight: Tensor, opts: Conv2dOptions & { outputPadding?: number } = {}): Tensor {
  assertFloat('convTranspose2d', x, weight);
  const [n, cIn, h, w] = x.shape;
  const [wc, cOut, kh, kw] = weight.shape;
  if (wc !== cIn) throw new Error(`convTranspose2d: input has ${cIn} channels but the weight expects ${wc}`);
  const [sh, sw] = pair(opts.stride as number | readonly number[] | undefined, 1);
  const [ph, pw] = pair(opts.padding as number | readonly number[] | undefined, 0);
  const op = opts.outputPadding ?? 0;
  // As in PyTorch: with output padding >= stride the implied conv2d would not map back to [h, w].
  if (!Number.isInteger(op) || op < 0 || op >= sh || op >= sw) {
    throw new Error(`convTranspose2d: outputPadding ${op} must be a non-negative integer smaller than the stride [${sh}, ${sw}]`);
  }
  const outH = (h - 1) * sh - 2 * ph + kh + op;
  const outW = (w - 1) * sw - 2 * pw + kw + op;
  if (outH < 1 || outW < 1) throw new Error(`convTranspose2d: padding [${ph}, ${pw}] leaves no output for a ${h}x${w} input and a ${kh}x${kw} kernel`);
  // conv2d from [n, cOut, outH, outW] to [n, cIn, h, w] with weight [cIn, cOut, kh, kw] has this geometry.
  const p: Conv2dParams = { n, cIn: cOut, h: outH, w: outW, cOut: cIn, kh, kw, strideH: sh, strideW: sw, padH: ph, padW: pw, outH: h, outW: w };
  return convTranspose2dRaw(x, weight, p);
}
