/**
 * CIFAR-10 and CIFAR-100 "binary version" files. Each record is the label byte(s) then 3072 image bytes:
 * the 32x32 red plane, then green, then blue (already CHW). CIFAR-10 (`cifar-10-batches-bin/`):
 * data_batch_1..5.bin (train), test_batch.bin, one label byte, names in batches.meta.txt. CIFAR-100
 * (`cifar-100-binary/`): train.bin, test.bin, a coarse then a fine label byte (the fine label is the class,
 * as in torchvision), names in fine_label_names.txt. The source may point at that folder or its parent.
 */
import { bytesToUnit, makeDataset, type ImageDataset } from './dataset.js';
import type { SplitOptions } from './digits.js';
import { DataError } from './errors.js';
import { readText, type DataSource } from './source.js';

const PIXELS = 3 * 32 * 32;

export const CIFAR10_CLASSES: readonly string[] = [
  'airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck',
];

interface Records {
  images: Float32Array;
  labels: Int32Array;
}

/**
 * Parses concatenated records of `labelBytes` label bytes plus 3072 pixels; the class is the label byte
 * at `labelIndex`, and each label byte i must be below `limits[i]`.
 */
export function parseCifarRecords(files: { bytes: Uint8Array; file: string }[], labelBytes: number, labelIndex: number, limits: number[]): Records {
  const record = labelBytes + PIXELS;
  let n = 0;
  for (const { bytes, file } of files) {
    if (bytes.length === 0 || bytes.length % record !== 0) {
      throw new DataError(file, 'truncated', `${bytes.length} bytes is not a whole number of ${record}-byte records (${labelBytes} label byte${labelBytes > 1 ? 's' : ''} + ${PIXELS} pixels)`);
    }
    n += bytes.length / record;
  }
  const images = new Float32Array(n * PIXELS);
  const labels = new Int32Array(n);
  let i = 0;
  for (const { bytes, file } of files) {
    for (let off = 0; off < bytes.length; off += record, i++) {
      for (let b = 0; b < labelBytes; b++) {
        if (bytes[off + b] >= limits[b]) {
          throw new DataError(file, 'range', `label ${bytes[off + b]} of record ${off / record} is outside [0, ${limits[b]})`);
        }
      }
      labels[i] = bytes[off + labelIndex];
      bytesToUnit(bytes.subarray(off + labelBytes, off + record), images, i * PIXELS);
    }
  }
  return { images, labels };
}

/** Non-empty lines of a names file, which must list exactly `count` names. */
async function readNames(source: DataSource, path: string, count: number): Promise<string[] | undefined> {
  if (!(await source.exists(path))) return undefined;
  const names = (await readText(source, path)).split(/\r?\n/).map((s) => s.trim()).filter((s) => s.length > 0);
  if (names.length !== count) throw new DataError(source.locate(path), 'mismatch', `lists ${names.length} class names, expected ${count}`);
  return names;
}

/** The folder prefix holding `probe`: '' or `sub/`. */
async function locateFolder(source: DataSource, sub: string, probe: string): Promise<string> {
  if (await source.exists(probe)) return '';
  if (await source.exists(`${sub}/${probe}`)) return `${sub}/`;
  throw new DataError(source.locate(probe), 'missing', `no such file (nor ${sub}/${probe})`);
}

async function readAll(source: DataSource, paths: string[]): Promise<{ bytes: Uint8Array; file: string }[]> {
  return Promise.all(paths.map(async (p) => ({ bytes: await source.read(p), file: source.locate(p) })));
}

export async function readCifar10(source: DataSource, opts: SplitOptions = {}): Promise<ImageDataset> {
  const split = opts.split ?? 'train';
  const dir = await locateFolder(source, 'cifar-10-batches-bin', split === 'train' ? 'data_batch_1.bin' : 'test_batch.bin');
  const names = split === 'train' ? [1, 2, 3, 4, 5].map((b) => `${dir}data_batch_${b}.bin`) : [`${dir}test_batch.bin`];
  const files = await readAll(source, names);
  // Equal batch sizes: a train batch cut short at a record boundary would otherwise load silently.
  const sizes = new Set(files.map((f) => f.bytes.length));
  if (sizes.size > 1) {
    const small = files.reduce((a, b) => (b.bytes.length < a.bytes.length ? b : a));
    throw new DataError(small.file, 'truncated', `${small.bytes.length} bytes, smaller than the other training batches (${Math.max(...sizes)} bytes)`);
  }
  const { images, labels } = parseCifarRecords(files, 1, 0, [10]);
  const classNames = (await readNames(source, `${dir}batches.meta.txt`, 10)) ?? CIFAR10_CLASSES;
  return makeDataset({
    name: `cifar10/${split}`, images, labels, n: labels.length, channels: 3, height: 32, width: 32, numClasses: 10, classNames,
  }, files[0].file);
}

export async function readCifar100(source: DataSource, opts: SplitOptions = {}): Promise<ImageDataset> {
  const split = opts.split ?? 'train';
  const file = split === 'train' ? 'train.bin' : 'test.bin';
  const dir = await locateFolder(source, 'cifar-100-binary', file);
  const files = await readAll(source, [`${dir}${file}`]);
  const { images, labels } = parseCifarRecords(files, 2, 1, [20, 100]);
  const classNames = await readNames(source, `${dir}fine_label_names.txt`, 100);
  return makeDataset({
    name: `cifar100/${split}`, images, labels, n: labels.length, channels: 3, height: 32, width: 32, numClasses: 100, classNames,
  }, files[0].file);
}
