import type { Conv2dParams, Pool2dParams } from '../backend.js';

// Direct loops in float64: slow but obviously right, the oracle the WGSL kernels are tested against.

export function conv2d(x: Float64Array, w: Float64Array, p: Conv2dParams): Float64Array {
  const out = new Float64Array(p.n * p.cOut * p.outH * p.outW);
  for (let n = 0; n < p.n; n++)
    for (let o = 0; o < p.cOut; o++)
      for (let oh = 0; oh < p.outH; oh++)
        for (let ow = 0; ow < p.outW; ow++) {
          let acc = 0;
          for (let c = 0; c < p.cIn; c++)
            for (let kh = 0; kh < p.kh; kh++) {
              const ih = oh * p.strideH - p.padH + kh;
              if (ih < 0 || ih >= p.h) continue;
              for (let kw = 0; kw < p.kw; kw++) {
                const iw = ow * p.strideW - p.padW + kw;
                if (iw < 0 || iw >= p.w) continue;
                acc += x[((n * p.cIn + c) * p.h + ih) * p.w + iw] * w[((o * p.cIn + c) * p.kh + kh) * p.kw + kw];
              }
            }
          out[((n * p.cOut + o) * p.outH + oh) * p.outW + ow] = acc;
        }
  return out;
}

/** Scatter form of conv_transpose2d: every output-gradient element adds into the inputs it read. */
export function conv2dInputGrad(dy: Float64Array, w: Float64Array, p: Conv2dParams): Float64Array {
  const dx = new Float64Array(p.n * p.cIn * p.h * p.w);
  for (let n = 0; n < p.n; n++)
    for (let o = 0; o < p.cOut; o++)
      for (let oh = 0; oh < p.outH; oh++)
        for (let ow = 0; ow < p.outW; ow++) {
          const g = dy[((n * p.cOut + o) * p.outH + oh) * p.outW + ow];
          for (let c = 0; c < p.cIn; c++)
            for (let kh = 0; kh < p.kh; kh++) {
              const ih = oh * p.strideH - p.padH + kh;
              if (ih < 0 || ih >= p.h) continue;
              for (let kw = 0; kw < p.kw; kw++) {
                const iw = ow * p.strideW - p.padW + kw;
                if (iw < 0 || iw >= p.w) continue;
                dx[((n * p.cIn + c) * p.h + ih) * p.w + iw] += g * w[((o * p.cIn + c) * p.kh + kh) * p.kw + kw];
              }
            }
        }
  return dx;
}

export function conv2dWeightGrad(x: Float64Array, dy: Float64Array, p: Conv2dParams): Float64Array {
  const dw = new Float64Array(p.cOut * p.cIn * p.kh * p.kw);
  for (let n = 0; n < p.n; n++)
    for (let o = 0; o < p.cOut; o++)
      for (let oh = 0; oh < p.outH; oh++)
        for (let ow = 0; ow < p.outW; ow++) {
          const g = dy[((n * p.cOut + o) * p.outH + oh) * p.outW + ow];
          for (let c = 0; c < p.cIn; c++)
            for (let kh = 0; kh < p.kh; kh++) {
              const ih = oh * p.strideH - p.padH + kh;
              if (ih < 0 || ih >= p.h) continue;
              for (let kw = 0; kw < p.kw; kw++) {
                const iw = ow * p.strideW - p.padW + kw;
                if (iw < 0 || iw >= p.w) continue;
                dw[((o * p.cIn + c) * p.kh + kh) * p.kw + kw] += g * x[((n * p.cIn + c) * p.h + ih) * p.w + iw];
              }
            }
        }
  return dw;
}

/** count_include_pad average pooling and its adjoint. */
export function avgPool2d(x: Float64Array, p: Pool2dParams): Float64Array {
  const out = new Float64Array(p.n * p.c * p.outH * p.outW);
  const inv = 1 / (p.kh * p.kw);
  for (let nc = 0; nc < p.n * p.c; nc++)
    for (let oh = 0; oh < p.outH; oh++)
      for (let ow = 0; ow < p.outW; ow++) {
        let acc = 0;
        for (let kh = 0; kh < p.kh; kh++) {
          const ih = oh * p.strideH - p.padH + kh;
          if (ih < 0 || ih >= p.h) continue;
          for (let kw = 0; kw < p.kw; kw++) {
            const iw = ow * p.strideW - p.padW + kw;
            if (iw >= 0 && iw < p.w) acc += x[(nc * p.h + ih) * p.w + iw];
          }
        }
        out[(nc * p.outH + oh) * p.outW + ow] = acc * inv;
      }
  return out;
}

export function avgPool2dGrad(dy: Float64Array, p: Pool2dParams): Float64Array {
  const dx = new Float64Array(p.n * p.c * p.h * p.w);
  const inv = 1 / (p.kh * p.kw);
  for (let nc = 0; nc < p.n * p.c; nc++)
    for (let oh = 0; oh < p.outH; oh++)
      for (let ow = 0; ow < p.outW; ow++) {
        const g = dy[(nc * p.outH + oh) * p.outW + ow] * inv;
        for (let kh = 0; kh < p.kh; kh++) {
          const ih = oh * p.strideH - p.padH + kh;
          if (ih < 0 || ih >= p.h) continue;
          for (let kw = 0; kw < p.kw; kw++) {
            const iw = ow * p.strideW - p.padW + kw;
            if (iw >= 0 && iw < p.w) dx[(nc * p.h + ih) * p.w + iw] += g;
          }
        }
      }
  return dx;
}
