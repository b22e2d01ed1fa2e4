import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, memorySource, parseIdx, readFashionMnist, readMnist, gunzipChecked } from '../src/index.js';
import { dirSource, loadMnist } from '../src/node.js';
import { gzip, idxFile, tempDir, writeTree } from './fixtures/data/generate.js';

// Four 2x3 images whose pixel j of image i is 10·i + j, labelled 3, 1, 4, 1.
const N = 4, H = 2, W = 3;
const pixels = Uint8Array.from({ length: N * H * W }, (_, k) => 10 * Math.floor(k / (H * W)) + (k % (H * W)));
const labels = Uint8Array.from([3, 1, 4, 1]);
const images = idxFile([N, H, W], pixels);
const labelFile = idxFile([N], labels);

function digits(over: Record<string, Uint8Array> = {}) {
  return memorySource({
    'train-images-idx3-ubyte.gz': gzip(images),
    'train-labels-idx1-ubyte.gz': gzip(labelFile),
    't10k-images-idx3-ubyte': images,
    't10k-labels-idx1-ubyte': labelFile,
    ...over,
  }, 'digits');
}

async function failure(p: Promise<unknown>): Promise<DataError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DataError);
  return err as DataError;
}

describe('IDX parsing', () => {
  it('reads dims and data from raw and gzip files alike', () => {
    for (const bytes of [images, gzip(images)]) {
      const a = parseIdx(bytes, 'x', 3);
      expect(a.dims).toEqual([N, H, W]);
      expect(Array.from(a.data)).toEqual(Array.from(pixels));
    }
  });

  it('names the file and both magics when the magic is wrong', () => {
    expect(() => parseIdx(labelFile, 'f.idx', 3)).toThrow(/^f\.idx: wrong magic 0x00000801, expected 0x00000803 \(IDX images/);
    expect(() => parseIdx(idxFile([N], labels, 0x00000d01), 'g', 1)).toThrow(/^g: wrong magic 0x00000d01, expected 0x00000801 \(IDX labels/);
  });

  it('rejects truncated headers, truncated data and trailing bytes', () => {
    expect(() => parseIdx(images.subarray(0, 10), 'a', 3)).toThrow(/^a: header needs 16 bytes, file has 10/);
    expect(() => parseIdx(images.subarray(0, images.length - 1), 'b', 3)).toThrow(/^b: header promises 4x2x3 = 24 bytes of data, file has 23/);
    const long = new Uint8Array(images.length + 2);
    long.set(images);
    expect(() => parseIdx(long, 'c', 3)).toThrow(/^c: 2 unexpected bytes after the 4x2x3 data/);
    expect(() => parseIdx(new Uint8Array(2), 'd', 3)).toThrow(/^d: only 2 bytes/);
  });

  it('rejects a truncated or corrupted gzip stream instead of returning a prefix', () => {
    const gz = gzip(images);
    expect(() => parseIdx(gz.subarray(0, gz.length - 5), 'cut.gz', 3)).toThrow(/^cut\.gz: gzip data is corrupt or truncated/);
    const flipped = gz.slice();
    flipped[flipped.length - 6] ^= 0xff; // a byte of the CRC-32 trailer
    expect(() => gunzipChecked(flipped, 'crc.gz')).toThrow(/^crc\.gz: gzip data is corrupt or truncated \(inflated 40 bytes whose checksum/);
  });
});

describe('MNIST-style loaders', () => {
  it('builds a 1-channel dataset in [0, 1] with labels and class names', async () => {
    const ds = await readMnist(digits());
    expect(ds.name).toBe('mnist/train');
    expect([ds.n, ds.channels, ds.height, ds.width, ds.numClasses]).toEqual([N, 1, H, W, 10]);
    expect(Array.from(ds.labels)).toEqual([3, 1, 4, 1]);
    expect(ds.images[2 * H * W + 5]).toBeCloseTo(25 / 255, 7);
    expect(ds.classNames?.[4]).toBe('4');
    const fm = await readFashionMnist(digits(), { split: 'test' });
    expect(fm.name).toBe('fashion-mnist/test');
    expect(fm.classNames?.[9]).toBe('Ankle boot');
    expect(Array.from(fm.images)).toEqual(Array.from(pixels, (p) => Math.fround(p / 255)));
  });

  it('rejects a label outside the classes, naming the label file', async () => {
    const bad = idxFile([N], Uint8Array.from([3, 1, 10, 1]));
    const err = await failure(readMnist(digits({ 'train-labels-idx1-ubyte.gz': gzip(bad) })));
    expect(err.message).toBe('digits/train-labels-idx1-ubyte.gz: label 10 of sample 2 is outside [0, 10)');
    expect(err.kind).toBe('range');
  });

  it('rejects label and image counts that disagree', async () => {
    const three = idxFile([3], labels.subarray(0, 3));
    const err = await failure(readMnist(digits({ 'train-labels-idx1-ubyte.gz': gzip(three) })));
    expect(err.message).toBe('digits/train-labels-idx1-ubyte.gz: 3 labels for 4 images in digits/train-images-idx3-ubyte.gz');
  });

  it('names the missing file (and the uncompressed alternative)', async () => {
    const src = memorySource({ 'train-images-idx3-ubyte.gz': gzip(images) }, 'only-images');
    const err = await failure(readMnist(src));
    expect(err.message).toBe('only-images/train-labels-idx1-ubyte.gz: no such file (nor train-labels-idx1-ubyte uncompressed)');
    expect(err.kind).toBe('missing');
  });
});

describe('MNIST from a folder on disk', () => {
  let dir = '';
  let cleanup = async () => {};
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    await writeTree(dir, { 'train-images-idx3-ubyte.gz': gzip(images), 'train-labels-idx1-ubyte': labelFile });
  });
  afterAll(() => cleanup());

  it('loads a mix of gzipped and raw files', async () => {
    const ds = await loadMnist(dir);
    expect(ds.n).toBe(N);
    expect(Array.from(ds.labels)).toEqual([3, 1, 4, 1]);
  });

  it('reports the full path of a missing split', async () => {
    const err = await failure(loadMnist(dir, { split: 'test' }));
    expect(err.message).toMatch(new RegExp(`^${dir}/t10k-images-idx3-ubyte\\.gz: no such file`));
  });

  it('a folder source names a missing folder', async () => {
    await expect(dirSource(dir).list!('nope')).rejects.toThrow(`${dir}/nope: no such folder`);
  });
});
