/**
 * A minimal PNG encoder: 8-bit grayscale, RGB or RGBA, no interlacing, filter type 0 on every row,
 * zlib (deflate) by fflate, CRC-32 per chunk. Browser-safe; enough for image grids people look at.
 */
import { zlibSync } from 'fflate';
import { crc32 } from './crc32.js';

export interface RasterImage {
  readonly width: number;
  readonly height: number;
  /** 1 (gray), 3 (RGB) or 4 (RGBA) interleaved 8-bit samples per pixel. */
  readonly channels: 1 | 3 | 4;
  /** height rows of width·channels bytes. */
  readonly pixels: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const COLOR_TYPE = { 1: 0, 3: 2, 4: 6 } as const;

export function encodePng(img: RasterImage): Uint8Array {
  const { width, height, channels, pixels } = img;
  if (!(channels in COLOR_TYPE)) throw new Error(`PNG: ${channels} channels; use 1, 3 or 4`);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 2 ** 31 - 1 || height > 2 ** 31 - 1) {
    throw new Error(`PNG: invalid size ${width}x${height}`);
  }
  const stride = width * channels;
  if (pixels.length !== stride * height) throw new Error(`PNG: ${pixels.length} bytes for ${width}x${height}x${channels}`);
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([8, COLOR_TYPE[channels], 0, 0, 0], 8);
  const chunks = [chunk('IHDR', ihdr), chunk('IDAT', zlibSync(raw, { level: 6 })), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(8 + chunks.reduce((a, c) => a + c.length, 0));
  out.set(SIGNATURE);
  let at = 8;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

/** length, type, data, CRC-32 of type + data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  v.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}
