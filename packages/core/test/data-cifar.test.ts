import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIFAR10_CLASSES, DataError, memorySource, readCifar10, readCifar100 } from '../src/index.js';
import { loadCifar10, loadDataset } from '../src/node.js';
import { cifarRecords, pixel, tempDir, writeTree } from './fixtures/data/generate.js';

// Five training batches of 3 records (labels 0..9 cycling), a test batch of 2, and the names file.
const batchLabels = (b: number) => [0, 1, 2].map((i) => [(3 * b + i) % 10]);
function cifar10Files(prefix = ''): Record<string, Uint8Array | string> {
  const files: Record<string, Uint8Array | string> = {};
  for (let b = 0; b < 5; b++) files[`${prefix}data_batch_${b + 1}.bin`] = cifarRecords(batchLabels(b));
  files[`${prefix}test_batch.bin`] = cifarRecords([[7], [2]]);
  files[`${prefix}batches.meta.txt`] = `${CIFAR10_CLASSES.map((c) => c.toUpperCase()).join('\n')}\n\n`;
  return files;
}

async function failure(p: Promise<unknown>): Promise<DataError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DataError);
  return err as DataError;
}

describe('CIFAR-10 binary', () => {
  it('reads all five training batches in order, planes already CHW', async () => {
    const ds = await readCifar10(memorySource(cifar10Files(), 'c10'));
    expect([ds.n, ds.channels, ds.height, ds.width, ds.numClasses]).toEqual([15, 3, 32, 32, 10]);
    expect(Array.from(ds.labels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4]);
    // Record i of its batch: channel c, row y, column x sits at NCHW offset ((k·3 + c)·32 + y)·32 + x.
    const k = 7, i = 1, c = 2, y = 5, x = 9;
    expect(ds.images[((k * 3 + c) * 32 + y) * 32 + x]).toBeCloseTo(pixel(i, c, y * 32 + x) / 255, 7);
    expect(ds.classNames).toEqual(CIFAR10_CLASSES.map((s) => s.toUpperCase()));
  });

  it('reads the test batch and falls back to built-in class names', async () => {
    const files = cifar10Files();
    delete files['batches.meta.txt'];
    const ds = await readCifar10(memorySource(files), { split: 'test' });
    expect(Array.from(ds.labels)).toEqual([7, 2]);
    expect(ds.classNames?.[7]).toBe('horse');
  });

  it('accepts the parent of cifar-10-batches-bin/', async () => {
    const ds = await readCifar10(memorySource(cifar10Files('cifar-10-batches-bin/')), { split: 'test' });
    expect(ds.n).toBe(2);
  });

  it('names a record file cut mid-record', async () => {
    const files = cifar10Files();
    files['test_batch.bin'] = (files['test_batch.bin'] as Uint8Array).subarray(0, 3073 + 100);
    const err = await failure(readCifar10(memorySource(files, 'c10'), { split: 'test' }));
    expect(err.message).toBe('c10/test_batch.bin: 3173 bytes is not a whole number of 3073-byte records (1 label byte + 3072 pixels)');
  });

  it('names a training batch cut at a record boundary (shorter than the others)', async () => {
    const files = cifar10Files();
    files['data_batch_4.bin'] = (files['data_batch_4.bin'] as Uint8Array).subarray(0, 2 * 3073);
    const err = await failure(readCifar10(memorySource(files, 'c10')));
    expect(err.message).toBe('c10/data_batch_4.bin: 6146 bytes, smaller than the other training batches (9219 bytes)');
  });

  it('rejects a label byte of 10 or more', async () => {
    const files = cifar10Files();
    files['test_batch.bin'] = cifarRecords([[7], [10]]);
    const err = await failure(readCifar10(memorySource(files, 'c10'), { split: 'test' }));
    expect(err.message).toBe('c10/test_batch.bin: label 10 of record 1 is outside [0, 10)');
  });

  it('names missing batches and malformed names files', async () => {
    const files = cifar10Files();
    delete files['data_batch_3.bin'];
    expect((await failure(readCifar10(memorySource(files, 'c10')))).message).toBe('c10/data_batch_3.bin: no such file');
    expect((await failure(readCifar10(memorySource({}, 'empty')))).message).toBe('empty/data_batch_1.bin: no such file (nor cifar-10-batches-bin/data_batch_1.bin)');
    const names = { ...cifar10Files(), 'batches.meta.txt': 'a\nb\n' };
    expect((await failure(readCifar10(memorySource(names, 'c10')))).message).toBe('c10/batches.meta.txt: lists 2 class names, expected 10');
  });
});

describe('CIFAR-100 binary', () => {
  const fine = Array.from({ length: 100 }, (_, i) => `class${i}`).join('\n');

  it('uses the fine label (second byte) as the class', async () => {
    const src = memorySource({ 'cifar-100-binary/train.bin': cifarRecords([[3, 99], [19, 0], [0, 42]]), 'cifar-100-binary/fine_label_names.txt': fine });
    const ds = await readCifar100(src);
    expect([ds.n, ds.numClasses]).toEqual([3, 100]);
    expect(Array.from(ds.labels)).toEqual([99, 0, 42]);
    expect(ds.images[2 * 3072 + 1024 + 17]).toBeCloseTo(pixel(2, 1, 17) / 255, 7);
    expect(ds.classNames?.[42]).toBe('class42');
  });

  it('checks both label bytes and the record size', async () => {
    const coarse = memorySource({ 'test.bin': cifarRecords([[20, 5]]) }, 'c100');
    expect((await failure(readCifar100(coarse, { split: 'test' }))).message).toBe('c100/test.bin: label 20 of record 0 is outside [0, 20)');
    const fineBad = memorySource({ 'test.bin': cifarRecords([[1, 5], [2, 100]]) }, 'c100');
    expect((await failure(readCifar100(fineBad, { split: 'test' }))).message).toBe('c100/test.bin: label 100 of record 1 is outside [0, 100)');
    const cut = memorySource({ 'test.bin': cifarRecords([[1, 5]]).subarray(0, 3073) }, 'c100');
    expect((await failure(readCifar100(cut, { split: 'test' }))).message).toBe('c100/test.bin: 3073 bytes is not a whole number of 3074-byte records (2 label bytes + 3072 pixels)');
  });
});

describe('CIFAR from disk', () => {
  let dir = '';
  let cleanup = async () => {};
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    await writeTree(dir, cifar10Files('cifar-10-batches-bin/'));
  });
  afterAll(() => cleanup());

  it('loads through the folder helpers and $PAD_GPU_DATA-style roots', async () => {
    expect((await loadCifar10(dir, { split: 'test' })).n).toBe(2);
    expect((await loadDataset('CIFAR10', { dir: `${dir}/cifar-10-batches-bin` })).n).toBe(15);
  });
});
