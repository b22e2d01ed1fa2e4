/**
 * JPEG to CHW floats in [0, 1] with jpeg-js (pure JS, so it runs in pages too). Decoding to RGBA turns
 * grayscale JPEGs (Tiny ImageNet has some) into three equal planes, as PIL's convert('RGB') does in the
 * reference's ImageFolder.
 */
import decode from 'jpeg-js/lib/decoder.js';
import { DataError } from './errors.js';

/** Decodes `bytes` into out[offset ..] as 3 planes of width·height; the size must match exactly. */
export function decodeJpegInto(bytes: Uint8Array, file: string, width: number, height: number, out: Float32Array, offset: number): void {
  let img: { width: number; height: number; data: Uint8Array };
  try {
    // The limits keep a corrupt header from requesting a huge allocation.
    img = decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: 16, maxMemoryUsageInMB: 256 });
  } catch (err) {
    throw new DataError(file, 'format', `not a readable JPEG (${err instanceof Error ? err.message : String(err)})`);
  }
  if (img.width !== width || img.height !== height) {
    throw new DataError(file, 'mismatch', `image is ${img.width}x${img.height}, expected ${width}x${height}`);
  }
  const plane = width * height;
  const rgba = img.data;
  for (let p = 0; p < plane; p++) {
    out[offset + p] = rgba[4 * p] / 255;
    out[offset + plane + p] = rgba[4 * p + 1] / 255;
    out[offset + 2 * plane + p] = rgba[4 * p + 2] / 255;
  }
}
