// First- and second-order checks of the conv trio (conv2d, its input gradient conv_transpose2d, its
// weight gradient) and average pooling with its adjoint, over strides, paddings (asymmetric too) and
// non-square kernels (float64 cpu backend).
import { describe, it } from 'vitest';
import {
  avgPool2d, avgPool2dBackward, conv2d, conv2dWeightGrad, convParams, convTranspose2d, convTranspose2dRaw, square,
  type Conv2dOptions, type Pool2dParams,
} from '../src/index.js';
import { checkGrads, randn } from './util/gradcheck.js';
import { Rng } from './util/rng.js';

const rng = new Rng(41);
const X = [2, 3, 5, 6];
const W = [4, 3, 3, 2];
const GEOMETRIES: Conv2dOptions[] = [
  { stride: 1, padding: 0 },
  { stride: 1, padding: 1 },
  { stride: 2, padding: 0 },
  { stride: 2, padding: 2 },
  { stride: [2, 1], padding: [1, 2] },
  { stride: 1, padding: [0, 2, 1, 0] },
  { stride: 2, padding: [2, 1, 0, 1] },
];
const tag = (o: Conv2dOptions) => `stride ${JSON.stringify(o.stride)} padding ${JSON.stringify(o.padding)}`;

describe('gradcheck: conv2d', () => {
  for (const opts of GEOMETRIES) {
    it(`conv2d with bias, ${tag(opts)}`, () => {
      checkGrads((x, w, b) => conv2d(x, w, b, opts), [randn(rng, X), randn(rng, W), randn(rng, [W[0]])], { name: `conv2d ${tag(opts)}` });
    });
  }
  it('conv2d inside a nonlinearity (nonzero Hessian in x and w)', () => {
    checkGrads((x, w) => square(conv2d(x, w, null, { stride: 2, padding: 1 })), [randn(rng, X), randn(rng, W)], { name: 'square(conv2d)' });
  });
});

describe('gradcheck: conv2d input gradient and weight gradient as functions of both inputs', () => {
  for (const opts of GEOMETRIES) {
    const p = convParams(X, W, opts);
    const dyShape = [p.n, p.cOut, p.outH, p.outW];
    it(`convTranspose2dRaw(dy, w), ${tag(opts)}`, () => {
      checkGrads((dy, w) => square(convTranspose2dRaw(dy, w, p)), [randn(rng, dyShape), randn(rng, W)], { name: `conv input grad ${tag(opts)}` });
    });
    it(`conv2dWeightGrad(x, dy), ${tag(opts)}`, () => {
      checkGrads((x, dy) => square(conv2dWeightGrad(x, dy, p)), [randn(rng, X), randn(rng, dyShape)], { name: `conv weight grad ${tag(opts)}` });
    });
  }
});

describe('gradcheck: convTranspose2d (PyTorch layout)', () => {
  const cases: [number, number, number][] = [[1, 0, 0], [1, 1, 0], [2, 0, 1], [2, 1, 0], [2, 1, 1]];
  for (const [stride, padding, outputPadding] of cases) {
    it(`stride ${stride} padding ${padding} output padding ${outputPadding}`, () => {
      checkGrads((x, w) => square(convTranspose2d(x, w, { stride, padding, outputPadding })), [randn(rng, [2, 3, 3, 4]), randn(rng, [3, 2, 3, 3])], {
        name: `convTranspose2d s${stride} p${padding} op${outputPadding}`,
      });
    });
  }
});

describe('gradcheck: average pooling and its adjoint', () => {
  const cases: [number, number, number][] = [[2, 2, 0], [3, 2, 1], [3, 1, 1], [2, 1, 0]];
  for (const [kernel, stride, padding] of cases) {
    it(`avgPool2d kernel ${kernel} stride ${stride} padding ${padding}`, () => {
      checkGrads((x) => square(avgPool2d(x, kernel, { stride, padding })), [randn(rng, [2, 3, 5, 7])], { name: `avgPool2d k${kernel} s${stride} p${padding}` });
    });
    it(`avgPool2dBackward kernel ${kernel} stride ${stride} padding ${padding}`, () => {
      const [n, c, h, w] = [2, 3, 5, 7];
      const outH = Math.floor((h + 2 * padding - kernel) / stride) + 1;
      const outW = Math.floor((w + 2 * padding - kernel) / stride) + 1;
      const p: Pool2dParams = { n, c, h, w, kh: kernel, kw: kernel, strideH: stride, strideW: stride, padH: padding, padW: padding, outH, outW };
      checkGrads((dy) => square(avgPool2dBackward(dy, p)), [randn(rng, [n, c, outH, outW])], { name: `avgPool2dBackward k${kernel} s${stride} p${padding}` });
    });
  }
});
