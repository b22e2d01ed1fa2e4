import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, decodeJpegInto, fetchSource, memorySource, readTinyImageNet } from '../src/index.js';
import { loadTinyImageNet } from '../src/node.js';
import { flatJpeg, tempDir, writeTree } from './fixtures/data/generate.js';

// Three classes listed out of order in wnids.txt; class index = position in sorted order.
const COLORS: Record<string, [number, number, number]> = { n03: [200, 40, 40], n01: [30, 180, 60], n02: [20, 40, 220] };
const SORTED = ['n01', 'n02', 'n03'];

function tinyFiles(): Record<string, Uint8Array | string> {
  const files: Record<string, Uint8Array | string> = {
    'wnids.txt': 'n03\nn01\nn02\n',
    'words.txt': 'n01\tgoldfish, Carassius auratus\nn02\tsalamander\nn99\tunused\n',
    'val/val_annotations.txt': 'val_0.JPEG\tn02\t0\t0\t10\t10\nval_1.JPEG\tn03\t1\t2\t30\t40\n',
    'val/images/val_0.JPEG': flatJpeg(COLORS.n02),
    'val/images/val_1.JPEG': flatJpeg(COLORS.n03),
  };
  for (const w of SORTED) for (const i of [1, 0]) files[`train/${w}/images/${w}_${i}.JPEG`] = flatJpeg(COLORS[w]);
  files['train/n02/n02_boxes.txt'] = 'not an image';
  return files;
}

/** Mean of each channel plane of image i (64x64x3). */
function planeMeans(images: Float32Array, i: number): number[] {
  return [0, 1, 2].map((c) => {
    let s = 0;
    for (let p = 0; p < 4096; p++) s += images[(i * 3 + c) * 4096 + p];
    return (s / 4096) * 255;
  });
}

async function failure(p: Promise<unknown>): Promise<DataError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DataError);
  return err as DataError;
}

describe('Tiny ImageNet layout', () => {
  it('labels train images by sorted wnid and decodes them to CHW', async () => {
    const ds = await readTinyImageNet(memorySource(tinyFiles(), 'tiny'));
    expect([ds.n, ds.channels, ds.height, ds.width, ds.numClasses]).toEqual([6, 3, 64, 64, 3]);
    expect(Array.from(ds.labels)).toEqual([0, 0, 1, 1, 2, 2]);
    for (let i = 0; i < 6; i++) {
      const want = COLORS[SORTED[ds.labels[i]]];
      planeMeans(ds.images, i).forEach((m, c) => expect(Math.abs(m - want[c])).toBeLessThan(3));
    }
    expect(ds.classNames).toEqual(['goldfish', 'salamander', 'n03']);
  });

  it('reads val/ through val_annotations.txt', async () => {
    const ds = await readTinyImageNet(memorySource(tinyFiles()), { split: 'test' });
    expect(Array.from(ds.labels)).toEqual([1, 2]);
    planeMeans(ds.images, 1).forEach((m, c) => expect(Math.abs(m - COLORS.n03[c])).toBeLessThan(3));
  });

  it('reads the re-sorted val/images/<wnid>/ layout the reference uses', async () => {
    const files = tinyFiles();
    delete files['val/val_annotations.txt'];
    delete files['val/images/val_0.JPEG'];
    delete files['val/images/val_1.JPEG'];
    for (const w of SORTED) files[`val/images/${w}/v_${w}.JPEG`] = flatJpeg(COLORS[w]);
    const ds = await readTinyImageNet(memorySource(files), { split: 'test' });
    expect(Array.from(ds.labels)).toEqual([0, 1, 2]);
  });

  it('limits images per class', async () => {
    const ds = await readTinyImageNet(memorySource(tinyFiles()), { perClass: 1 });
    expect(Array.from(ds.labels)).toEqual([0, 1, 2]);
  });

  it('names an image of the wrong size', async () => {
    const files = { ...tinyFiles(), 'train/n02/images/n02_1.JPEG': flatJpeg(COLORS.n02, 32, 64) };
    const err = await failure(readTinyImageNet(memorySource(files, 'tiny')));
    expect(err.message).toBe('tiny/train/n02/images/n02_1.JPEG: image is 32x64, expected 64x64');
    expect(err.kind).toBe('mismatch');
  });

  it('names an unreadable JPEG', async () => {
    const files = { ...tinyFiles(), 'val/images/val_1.JPEG': new Uint8Array([0xff, 0xd8, 1, 2, 3]) };
    const err = await failure(readTinyImageNet(memorySource(files, 'tiny'), { split: 'test' }));
    expect(err.message).toMatch(/^tiny\/val\/images\/val_1\.JPEG: not a readable JPEG \(/);
    const direct = (() => { try { decodeJpegInto(new Uint8Array(10), 'x.jpg', 64, 64, new Float32Array(3 * 4096), 0); } catch (e) { return e; } })();
    expect((direct as Error).message).toMatch(/^x\.jpg: not a readable JPEG/);
  });

  it('rejects annotations of unknown classes, class folders not in wnids.txt, and missing classes', async () => {
    const ann = { ...tinyFiles(), 'val/val_annotations.txt': 'val_0.JPEG\tn02\t0\t0\t1\t1\nval_1.JPEG\tn07\t0\t0\t1\t1\n' };
    expect((await failure(readTinyImageNet(memorySource(ann, 'tiny'), { split: 'test' }))).message)
      .toBe('tiny/val/val_annotations.txt: line 2: class n07 is not listed in wnids.txt');
    const extra = { ...tinyFiles(), 'train/n05/images/a.JPEG': flatJpeg([0, 0, 0]) };
    expect((await failure(readTinyImageNet(memorySource(extra, 'tiny')))).message).toBe('tiny/train: class folder n05 is not listed in wnids.txt');
    const files = tinyFiles();
    for (const k of Object.keys(files)) if (k.startsWith('train/n01/')) delete files[k];
    expect((await failure(readTinyImageNet(memorySource(files, 'tiny')))).message).toBe('tiny/train/n01/images: no such folder');
    expect((await failure(readTinyImageNet(memorySource({ 'wnids.txt': 'a\na\n' }, 'tiny')))).message).toBe('tiny/wnids.txt: class id a is listed twice');
  });

  it('needs a source that can list folders', async () => {
    const err = await failure(readTinyImageNet(fetchSource('http://localhost:9/data', async () => new Response('x'))));
    expect(err.message).toBe('http://localhost:9/data/: Tiny ImageNet needs a source that can list folders');
  });
});

describe('Tiny ImageNet from disk', () => {
  let dir = '';
  let cleanup = async () => {};
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    const files = tinyFiles();
    await writeTree(dir, Object.fromEntries(Object.entries(files).map(([k, v]) => [`tiny-imagenet-200/${k}`, v])));
  });
  afterAll(() => cleanup());

  it('loads from the parent of tiny-imagenet-200/', async () => {
    const ds = await loadTinyImageNet(dir, { split: 'test' });
    expect(Array.from(ds.labels)).toEqual([1, 2]);
  });
});
