/**
 * Lays out NCHW float images as one picture, one row per class, and encodes it as PNG. Distilled images
 * live in normalised (or ZCA) space, so values are mapped back to pixels first: undo a given mean/std,
 * or stretch min..max to 0..255 over the whole grid or per image (like torchvision's make_grid with
 * normalize=True), optionally after clipping to mean ± k·std as MTT does for its pictures. For ZCA data,
 * pass images through undoPreprocessing first.
 */
import type { ChannelStats } from '../data/stats.js';
import { encodePng, type RasterImage } from './png.js';

export interface ImageShape {
  n: number;
  channels: 1 | 3;
  height: number;
  width: number;
}

export interface GridOptions {
  /** Class of each image: row c holds the images of class c, in order. */
  labels?: Int32Array;
  /** Number of rows when given labels (default max label + 1). */
  numClasses?: number;
  /** Images are class-major, `ipc` per class: row c holds images c·ipc .. c·ipc + ipc - 1. */
  ipc?: number;
  /** Images per row without labels or ipc (default ceil(sqrt(n))). */
  columns?: number;
  /** Pixel mapping; default 'minmax' (over the whole grid). */
  scale?: 'minmax' | 'per-image' | 'clip' | { stats: ChannelStats };
  /** Before min-max scaling, clip values to mean ± clipStd·std of all images (MTT uses 2.5). */
  clipStd?: number;
  /** Integer nearest-neighbour upscaling of each image (default 1). */
  upscale?: number;
  /** Pixels between images (default 2) and their gray level (default 0), as make_grid. */
  padding?: number;
  background?: number;
}

/** The grid as raw 8-bit pixels. */
export function imageGrid(images: Float32Array, shape: ImageShape, opts: GridOptions = {}): RasterImage {
  const { n, channels: c, height: h, width: w } = shape;
  const size = c * h * w;
  if (images.length !== n * size) throw new Error(`image grid: ${images.length} values for ${n}x${c}x${h}x${w}`);
  const up = opts.upscale ?? 1;
  const pad = opts.padding ?? 2;
  if (!Number.isInteger(up) || up < 1) throw new Error(`image grid: upscale must be a positive integer, got ${up}`);
  const rows = layout(n, opts);
  const cols = Math.max(1, ...rows.map((r) => r.length));
  const tileH = h * up, tileW = w * up;
  const width = cols * tileW + (cols + 1) * pad;
  const height = Math.max(1, rows.length) * tileH + (Math.max(1, rows.length) + 1) * pad;
  const pixels = new Uint8Array(width * height * c).fill(opts.background ?? 0);
  const toByte = pixelMapper(images, shape, opts);
  rows.forEach((row, r) => row.forEach((img, k) => {
    const top = pad + r * (tileH + pad), left = pad + k * (tileW + pad);
    for (let y = 0; y < tileH; y++) {
      for (let x = 0; x < tileW; x++) {
        const o = ((top + y) * width + left + x) * c;
        const src = img * size + Math.floor(y / up) * w + Math.floor(x / up);
        for (let ch = 0; ch < c; ch++) pixels[o + ch] = toByte(images[src + ch * h * w], img, ch);
      }
    }
  }));
  return { width, height, channels: c, pixels };
}

/** The grid encoded as PNG bytes. */
export function imageGridPng(images: Float32Array, shape: ImageShape, opts: GridOptions = {}): Uint8Array {
  return encodePng(imageGrid(images, shape, opts));
}

/** Image indices per grid row. */
function layout(n: number, opts: GridOptions): number[][] {
  if (opts.labels) {
    if (opts.labels.length !== n) throw new Error(`image grid: ${opts.labels.length} labels for ${n} images`);
    const k = opts.numClasses ?? opts.labels.reduce((a, b) => Math.max(a, b), -1) + 1;
    const rows: number[][] = Array.from({ length: k }, () => []);
    opts.labels.forEach((l, i) => {
      if (l < 0 || l >= k) throw new Error(`image grid: label ${l} of image ${i} is outside [0, ${k})`);
      rows[l].push(i);
    });
    return rows;
  }
  const per = opts.ipc ?? opts.columns ?? Math.ceil(Math.sqrt(n));
  if (!Number.isInteger(per) || per < 1) throw new Error(`image grid: images per row must be a positive integer, got ${per}`);
  if (opts.ipc !== undefined && n % per !== 0) throw new Error(`image grid: ${n} images is not a whole number of classes at ipc ${per}`);
  return Array.from({ length: Math.ceil(n / per) }, (_, r) => Array.from({ length: Math.min(per, n - r * per) }, (_, k) => r * per + k));
}

type ToByte = (v: number, img: number, ch: number) => number;

function pixelMapper(images: Float32Array, shape: ImageShape, opts: GridOptions): ToByte {
  const byte = (u: number) => (u > 0 ? (u < 1 ? Math.round(u * 255) : 255) : 0);
  const scale = opts.scale ?? 'minmax';
  if (scale === 'clip') return (v) => byte(v);
  if (typeof scale === 'object') {
    const { mean, std } = scale.stats;
    if (mean.length !== shape.channels || std.length !== shape.channels) throw new Error(`image grid: stats for ${mean.length} channels, images have ${shape.channels}`);
    return (v, _i, ch) => byte(v * std[ch] + mean[ch]);
  }
  let lo = -Infinity, hi = Infinity;
  if (opts.clipStd !== undefined) {
    let s = 0, s2 = 0;
    for (const v of images) { s += v; s2 += v * v; }
    const m = s / images.length, sd = Math.sqrt(Math.max(0, s2 / images.length - m * m));
    lo = m - opts.clipStd * sd; hi = m + opts.clipStd * sd;
  }
  const clip = (v: number) => Math.min(hi, Math.max(lo, v));
  const size = shape.channels * shape.height * shape.width;
  const ranges = scale === 'per-image' ? Array.from({ length: shape.n }, (_, i) => range(images.subarray(i * size, (i + 1) * size), clip)) : null;
  const all = ranges ? null : range(images, clip);
  return (v, img, _ch) => {
    const [a, b] = ranges ? ranges[img] : all!;
    return byte(b > a ? (clip(v) - a) / (b - a) : 0.5);
  };
}

function range(values: Float32Array, clip: (v: number) => number): [number, number] {
  let a = Infinity, b = -Infinity;
  for (const v of values) { const x = clip(v); if (x < a) a = x; if (x > b) b = x; }
  return [a, b];
}
