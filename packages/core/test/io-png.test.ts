import { unzlibSync } from 'fflate';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32, encodePng, imageGrid, imageGridPng } from '../src/index.js';
import { savePngGrid } from '../src/node.js';
import { tempDir } from './fixtures/data/generate.js';

/** Bit-by-bit CRC-32, independent of the table-driven one under test. */
function slowCrc(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** A small PNG reader for what encodePng writes: checks chunk CRCs, inflates IDAT, unfilters type 0. */
function decodePng(png: Uint8Array) {
  expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const types: string[] = [];
  const idat: Uint8Array[] = [];
  let ihdr: Uint8Array | null = null;
  for (let at = 8; at < png.length;) {
    const len = v.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + len);
    expect(v.getUint32(at + 8 + len), `${type} CRC`).toBe(slowCrc(png.subarray(at + 4, at + 8 + len)));
    types.push(type);
    if (type === 'IHDR') ihdr = data;
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  expect(types[0]).toBe('IHDR');
  expect(types[types.length - 1]).toBe('IEND');
  const h = new DataView(ihdr!.buffer, ihdr!.byteOffset, 13);
  const width = h.getUint32(0), height = h.getUint32(4);
  const [depth, colorType, compression, filter, interlace] = ihdr!.subarray(8, 13);
  expect([depth, compression, filter, interlace]).toEqual([8, 0, 0, 0]);
  const channels = ({ 0: 1, 2: 3, 6: 4 } as Record<number, number>)[colorType];
  const raw = unzlibSync(Uint8Array.from(idat.flatMap((d) => Array.from(d))));
  const stride = width * channels;
  expect(raw.length).toBe((stride + 1) * height);
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (stride + 1)]).toBe(0);
    pixels.set(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)), y * stride);
  }
  return { width, height, channels, pixels };
}

describe('PNG encoder', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    const long = Uint8Array.from({ length: 1001 }, (_, i) => (i * 7919) & 255);
    expect(crc32(long)).toBe(slowCrc(long));
    expect(crc32(long.subarray(500), crc32(long.subarray(0, 500)))).toBe(slowCrc(long));
  });

  it('round-trips gray, RGB and RGBA pixels', () => {
    for (const channels of [1, 3, 4] as const) {
      const width = 5, height = 3;
      const pixels = Uint8Array.from({ length: width * height * channels }, (_, i) => (i * 37) & 255);
      const back = decodePng(encodePng({ width, height, channels, pixels }));
      expect(back).toEqual({ width, height, channels, pixels });
    }
    expect(() => encodePng({ width: 2, height: 2, channels: 3, pixels: new Uint8Array(11) })).toThrow('PNG: 11 bytes for 2x2x3');
    expect(() => encodePng({ width: 0, height: 2, channels: 1, pixels: new Uint8Array(0) })).toThrow('PNG: invalid size 0x2');
  });
});

describe('image grid', () => {
  // 3 classes x 2 images of 1x2x2; image k has values k/10 + (0, 0.01, 0.02, 0.03).
  const gray = Float32Array.from({ length: 6 * 4 }, (_, i) => Math.floor(i / 4) / 10 + (i % 4) / 100);
  const shape = { n: 6, channels: 1 as const, height: 2, width: 2 };
  const at = (g: { width: number; channels: number; pixels: Uint8Array }, x: number, y: number, c = 0) => g.pixels[(y * g.width + x) * g.channels + c];

  it('puts one class per row with padding, undoing mean/std', () => {
    const g = imageGrid(gray, shape, { ipc: 2, scale: { stats: { mean: [0.5], std: [2] } }, padding: 1, background: 7 });
    expect([g.width, g.height, g.channels]).toEqual([2 * 2 + 3, 3 * 2 + 4, 1]);
    expect(at(g, 0, 0)).toBe(7);
    // class 2, second image (k = 5), pixel (x=1, y=0): value 0.51 -> 0.51·2 + 0.5 > 1 -> 255
    expect(at(g, 1 + 3 + 1, 1 + 2 * 3)).toBe(255);
    // class 0, first image, pixel (0, 1): 0.02·2 + 0.5 = 0.54
    expect(at(g, 1, 2)).toBe(Math.round(0.54 * 255));
  });

  it('rows follow labels, in order of appearance, with empty tiles left blank', () => {
    const labels = Int32Array.from([2, 0, 2, 2, 0, 1]);
    const g = imageGrid(gray, shape, { labels, numClasses: 4, scale: 'clip', padding: 0 });
    expect([g.width, g.height]).toEqual([3 * 2, 4 * 2]);
    expect(at(g, 0, 0)).toBe(Math.round(0.1 * 255)); // row 0 starts with image 1
    expect(at(g, 2, 0)).toBe(Math.round(0.4 * 255)); // then image 4
    expect(at(g, 4, 0)).toBe(0); // class 0 has only two images
    expect(at(g, 4, 5)).toBe(Math.round(Math.fround(0.3 + 0.02) * 255)); // row 2, third image is 3, pixel (x 0, y 1)
    expect(at(g, 0, 6)).toBe(0); // class 3 is empty
  });

  it('stretches min..max over the grid or per image, optionally clipped, and upscales', () => {
    const all = imageGrid(gray, shape, { columns: 6, padding: 0 });
    expect(at(all, 0, 0)).toBe(0);
    expect(at(all, 11, 1)).toBe(255);
    const each = imageGrid(gray, shape, { columns: 6, padding: 0, scale: 'per-image' });
    for (let k = 0; k < 6; k++) {
      expect(at(each, 2 * k, 0)).toBe(0);
      expect(at(each, 2 * k + 1, 1)).toBe(255);
    }
    const up = imageGrid(gray, shape, { columns: 6, padding: 0, upscale: 3 });
    expect([up.width, up.height]).toEqual([36, 6]);
    expect(at(up, 3, 0)).toBe(at(up, 5, 2));
    expect(at(up, 3, 0)).toBe(at(all, 1, 0));
    const clipped = imageGrid(Float32Array.from([...gray.subarray(0, 23), 100]), shape, { columns: 6, padding: 0, clipStd: 1 });
    expect(at(clipped, 10, 1)).toBeGreaterThan(0); // the outlier no longer squeezes every other pixel to 0
    expect(at(clipped, 11, 1)).toBe(255);
  });

  it('keeps RGB channels apart and encodes a readable PNG', () => {
    const rgb = Float32Array.from({ length: 2 * 3 * 1 * 1 }, (_, i) => [0.1, 0.5, 0.9, 0, 1, 0.25][i]);
    const png = imageGridPng(rgb, { n: 2, channels: 3, height: 1, width: 1 }, { columns: 2, padding: 1, scale: 'clip' });
    const back = decodePng(png);
    expect([back.width, back.height, back.channels]).toEqual([5, 3, 3]);
    expect(Array.from(back.pixels.subarray((1 * 5 + 1) * 3, (1 * 5 + 1) * 3 + 3))).toEqual([26, 128, 229]); // fround(0.9)·255 = 229.49…
    expect(Array.from(back.pixels.subarray((1 * 5 + 3) * 3, (1 * 5 + 3) * 3 + 3))).toEqual([0, 255, 64]);
  });

  it('rejects inconsistent layouts', () => {
    expect(() => imageGrid(gray, shape, { ipc: 4 })).toThrow('image grid: 6 images is not a whole number of classes at ipc 4');
    expect(() => imageGrid(gray, shape, { labels: Int32Array.from([0, 1]) })).toThrow('image grid: 2 labels for 6 images');
    expect(() => imageGrid(gray, shape, { labels: Int32Array.from([0, 1, 2, 3, 0, 0]), numClasses: 3 })).toThrow('image grid: label 3 of image 3 is outside [0, 3)');
    expect(() => imageGrid(gray.subarray(1), shape)).toThrow('image grid: 23 values for 6x1x2x2');
    expect(() => imageGrid(gray, shape, { upscale: 1.5 })).toThrow('image grid: upscale must be a positive integer, got 1.5');
  });
});

describe('PNG grid on disk', () => {
  let dir = '';
  let cleanup = async () => {};
  beforeAll(async () => { ({ dir, cleanup } = await tempDir()); });
  afterAll(() => cleanup());

  it('writes the same bytes imageGridPng returns', async () => {
    const images = Float32Array.from({ length: 4 * 4 }, (_, i) => i / 16);
    const shape = { n: 4, channels: 1 as const, height: 2, width: 2 };
    const file = path.join(dir, 'grids', 'iter-0001.png');
    await savePngGrid(file, images, shape, { ipc: 2, upscale: 4 });
    expect(new Uint8Array(await readFile(file))).toEqual(imageGridPng(images, shape, { ipc: 2, upscale: 4 }));
  });
});
