// Adjoint identities of the conv trio on the cpu backend: for random x, w, y,
//   <conv(x, w), y> = <x, convT(y, w)> = <w, wgrad(x, y)>,
// over strides, symmetric and asymmetric paddings, non-square kernels and sizes the stride does not
// divide (the cases where conv transposes usually go wrong). Float64, so they agree to ~1e-13.
import { describe, expect, it } from 'vitest';
import {
  avgPool2dBackward, avgPool2dRaw, conv2dRaw, conv2dWeightGrad, convParams, convTranspose2dRaw, cpuBackend, tensor, tidy,
  type Conv2dOptions, type Pool2dParams, type Tensor,
} from '../src/index.js';
import { Rng, sizeOfShape } from './util/rng.js';

const be = cpuBackend();
const rng = new Rng(79);
const rand = (shape: number[]) => tensor(rng.normal(sizeOfShape(shape)), shape, { backend: be });

function dot(a: Tensor, b: Tensor): number {
  expect(a.shape).toEqual(b.shape);
  const x = be.readSync(a.storage);
  const y = be.readSync(b.storage);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/** Equal to 1e-12 relative to the largest of the three. */
function expectSame(values: number[]): void {
  const scale = Math.max(...values.map(Math.abs));
  expect(scale).toBeGreaterThan(1e-3);
  for (const v of values) expect(Math.abs(v - values[0])).toBeLessThan(1e-12 * scale);
}

const CASES: [number[], number[], Conv2dOptions][] = [];
for (const [x, w] of [[[2, 3, 7, 6], [4, 3, 3, 3]], [[1, 2, 8, 5], [3, 2, 2, 3]], [[3, 1, 5, 5], [2, 1, 1, 1]]]) {
  for (const stride of [1, 2, 3, [2, 1]] as const) {
    for (const padding of [0, 1, 2, [1, 0], [0, 2, 1, 0], [2, 0, 0, 1]] as const) CASES.push([x, w, { stride, padding }]);
  }
}

describe('adjoint identities of the conv trio', () => {
  for (const [xs, ws, opts] of CASES) {
    it(`x [${xs}] w [${ws}] stride ${JSON.stringify(opts.stride)} padding ${JSON.stringify(opts.padding)}`, () => {
      const p = convParams(xs, ws, opts);
      tidy(() => {
        const x = rand(xs);
        const w = rand(ws);
        const y = rand([p.n, p.cOut, p.outH, p.outW]);
        expectSame([dot(conv2dRaw(x, w, p), y), dot(x, convTranspose2dRaw(y, w, p)), dot(w, conv2dWeightGrad(x, y, p))]);
      });
    });
  }
});

describe('adjoint identity of average pooling', () => {
  for (const [k, s, pad] of [[2, 2, 0], [3, 2, 1], [3, 1, 1], [2, 3, 1]]) {
    it(`kernel ${k} stride ${s} padding ${pad}`, () => {
      const [n, c, h, w] = [2, 3, 7, 6];
      const outH = Math.floor((h + 2 * pad - k) / s) + 1;
      const outW = Math.floor((w + 2 * pad - k) / s) + 1;
      const p: Pool2dParams = { n, c, h, w, kh: k, kw: k, strideH: s, strideW: s, padH: pad, padW: pad, outH, outW };
      tidy(() => {
        const x = rand([n, c, h, w]);
        const y = rand([n, c, outH, outW]);
        expectSame([dot(avgPool2dRaw(x, p), y), dot(x, avgPool2dBackward(y, p))]);
      });
    });
  }
});
