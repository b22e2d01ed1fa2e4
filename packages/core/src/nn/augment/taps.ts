/**
 * Geometric augmentations as gather tables, built on the host from the (small) per-sample parameters:
 * output pixel p of sample s is sum_t weight[t][p] * input[index[t][p]], indices counting pixels of the
 * whole batch (s * H * W + row * W + col). Applying a table is an indexSelect, whose gradient is an
 * indexAdd and vice versa, so augmented images stay differentiable to any order.
 */
export interface Taps {
  /** Taps per output pixel (1 for crop/flip, 4 for bilinear). */
  taps: number;
  /** [taps * N * H * W] source pixel indices (i32). */
  index: Int32Array;
  /** [taps * N * H * W] weights, or null when every weight is 1. */
  weight: Float32Array | null;
}

/** Integer translation with zero fill (the reference pads by one zero pixel and clamps into it). */
export function cropTaps(shiftH: readonly number[], shiftW: readonly number[], h: number, w: number): Taps {
  const n = shiftH.length;
  const index = new Int32Array(n * h * w);
  const weight = new Float32Array(n * h * w);
  for (let s = 0; s < n; s++)
    for (let i = 0; i < h; i++)
      for (let j = 0; j < w; j++) {
        const si = i + shiftH[s];
        const sj = j + shiftW[s];
        const o = (s * h + i) * w + j;
        const inside = si >= 0 && si < h && sj >= 0 && sj < w;
        index[o] = inside ? (s * h + si) * w + sj : s * h * w;
        weight[o] = inside ? 1 : 0;
      }
  return { taps: 1, index, weight };
}

/** Mirror along the width (x.flip(3)) for the samples where `flip` is set. */
export function flipTaps(flip: readonly boolean[], h: number, w: number): Taps {
  const n = flip.length;
  const index = new Int32Array(n * h * w);
  for (let s = 0; s < n; s++)
    for (let i = 0; i < h; i++)
      for (let j = 0; j < w; j++) index[(s * h + i) * w + j] = (s * h + i) * w + (flip[s] ? w - 1 - j : j);
  return { taps: 1, index, weight: null };
}

/**
 * F.grid_sample(x, F.affine_grid(theta, x.shape, align_corners=True), mode='bilinear',
 * padding_mode='zeros', align_corners=True) for per-sample 2x2 matrices theta = [a, b, c, d]
 * (no translation): normalised output coordinates (xn, yn) in [-1, 1] sample the input at
 * (a*xn + b*yn, c*xn + d*yn); taps outside the image get weight 0.
 */
export function affineTaps(theta: readonly (readonly [number, number, number, number])[], h: number, w: number): Taps {
  const n = theta.length;
  const m = n * h * w;
  const index = new Int32Array(4 * m);
  const weight = new Float32Array(4 * m);
  const sx = w > 1 ? 2 / (w - 1) : 0;
  const sy = h > 1 ? 2 / (h - 1) : 0;
  for (let s = 0; s < n; s++) {
    const [a, b, c, d] = theta[s];
    const base = s * h * w;
    for (let i = 0; i < h; i++) {
      const yn = -1 + i * sy;
      for (let j = 0; j < w; j++) {
        const xn = -1 + j * sx;
        const ix = ((a * xn + b * yn + 1) / 2) * (w - 1);
        const iy = ((c * xn + d * yn + 1) / 2) * (h - 1);
        const x0 = Math.floor(ix);
        const y0 = Math.floor(iy);
        const fx = ix - x0;
        const fy = iy - y0;
        const o = base + i * w + j;
        const corner = (t: number, yy: number, xx: number, wt: number) => {
          const inside = yy >= 0 && yy < h && xx >= 0 && xx < w;
          index[t * m + o] = inside ? base + yy * w + xx : base;
          weight[t * m + o] = inside ? wt : 0;
        };
        corner(0, y0, x0, (1 - fx) * (1 - fy));
        corner(1, y0, x0 + 1, fx * (1 - fy));
        corner(2, y0 + 1, x0, (1 - fx) * fy);
        corner(3, y0 + 1, x0 + 1, fx * fy);
      }
    }
  }
  return { taps: 4, index, weight };
}

/** Cutout's [N * H * W] mask: 0 inside the square around each sample's centre (clipped to the image), 1 elsewhere. */
export function cutoutMask(centerH: readonly number[], centerW: readonly number[], sizeH: number, sizeW: number, h: number, w: number): Float32Array {
  const n = centerH.length;
  const mask = new Float32Array(n * h * w).fill(1);
  for (let s = 0; s < n; s++) {
    const top = centerH[s] - Math.floor(sizeH / 2);
    const left = centerW[s] - Math.floor(sizeW / 2);
    for (let i = Math.max(0, top); i < Math.min(h, top + sizeH); i++)
      for (let j = Math.max(0, left); j < Math.min(w, left + sizeW); j++) mask[(s * h + i) * w + j] = 0;
  }
  return mask;
}
