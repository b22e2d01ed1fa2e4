/**
 * Tiny Fashion-MNIST-shaped IDX files for the browser test: 28x28 images whose class is a bright bar
 * at a class-specific position plus seeded noise, so a small net can learn them in a few steps and the
 * test never depends on the real dataset being installed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

function idx(dims: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt8(0x08, 2);
  header.writeUInt8(dims.length, 3);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return gzipSync(Buffer.concat([header, Buffer.from(data)]));
}

function images(count: number, classes: number, seed: number): { pixels: Uint8Array; labels: Uint8Array } {
  const pixels = new Uint8Array(count * 28 * 28);
  const labels = new Uint8Array(count);
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 8) / 0x1000000;
  for (let i = 0; i < count; i++) {
    const y = i % classes;
    labels[i] = y;
    for (let r = 0; r < 28; r++) {
      for (let c = 0; c < 28; c++) {
        const bar = Math.abs(r - (3 + 2 * y)) <= 1 && c > 4 && c < 24 ? 200 : 0;
        pixels[i * 784 + r * 28 + c] = Math.min(255, bar + Math.floor(rand() * 50));
      }
    }
  }
  return { pixels, labels };
}

/** Writes the four IDX .gz files into `dir`. */
export function writeFixtureIdx(dir: string, train = 80, test = 40, classes = 10): void {
  mkdirSync(dir, { recursive: true });
  for (const [prefix, count, seed] of [['train', train, 1], ['t10k', test, 2]] as const) {
    const { pixels, labels } = images(count, classes, seed);
    writeFileSync(join(dir, `${prefix}-images-idx3-ubyte.gz`), idx([count, 28, 28], pixels));
    writeFileSync(join(dir, `${prefix}-labels-idx1-ubyte.gz`), idx([count], labels));
  }
}
