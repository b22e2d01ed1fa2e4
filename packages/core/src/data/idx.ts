/**
 * The IDX format of MNIST and Fashion-MNIST: magic (two zero bytes, an element type, the number of
 * dimensions), big-endian 32-bit sizes, then the elements. Images are 0x00000803 (unsigned bytes,
 * 3 dimensions: count, rows, columns) and labels 0x00000801 (unsigned bytes, 1 dimension: count).
 */
import { bytesToUnit, makeDataset, type ImageDataset } from './dataset.js';
import { DataError } from './errors.js';
import { maybeGunzip } from './gzip.js';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const UBYTE = 0x08;

/** Parses an IDX file of unsigned bytes with `ndims` dimensions (gzip or raw). */
export function parseIdx(raw: Uint8Array, file: string, ndims: number): IdxArray {
  const bytes = maybeGunzip(raw, file);
  const want = (UBYTE << 8) | ndims;
  if (bytes.length < 4) throw new DataError(file, 'truncated', `only ${bytes.length} bytes; an IDX header needs at least 4`);
  const magic = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  if (magic !== want) {
    const what = ndims === 3 ? 'IDX images' : ndims === 1 ? 'IDX labels' : `IDX ${ndims}-d array`;
    throw new DataError(file, 'format', `wrong magic ${hex(magic)}, expected ${hex(want)} (${what}: unsigned bytes, ${ndims} dimension${ndims > 1 ? 's' : ''})`);
  }
  const header = 4 + 4 * ndims;
  if (bytes.length < header) throw new DataError(file, 'truncated', `header needs ${header} bytes, file has ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const have = bytes.length - header;
  if (have < count) throw new DataError(file, 'truncated', `header promises ${dims.join('x')} = ${count} bytes of data, file has ${have}`);
  if (have > count) throw new DataError(file, 'truncated', `${have - count} unexpected bytes after the ${dims.join('x')} data`);
  return { dims, data: bytes.subarray(header) };
}

function hex(v: number): string {
  return `0x${v.toString(16).padStart(8, '0')}`;
}

export interface IdxDatasetSpec {
  name: string;
  numClasses: number;
  classNames?: readonly string[];
}

/** Builds a 1-channel dataset from an IDX image file and an IDX label file (bytes as read from disk). */
export function idxDataset(
  images: { bytes: Uint8Array; file: string }, labels: { bytes: Uint8Array; file: string }, spec: IdxDatasetSpec,
): ImageDataset {
  const im = parseIdx(images.bytes, images.file, 3);
  const lb = parseIdx(labels.bytes, labels.file, 1);
  const [n, height, width] = im.dims;
  if (lb.dims[0] !== n) {
    throw new DataError(labels.file, 'mismatch', `${lb.dims[0]} labels for ${n} images in ${images.file}`);
  }
  const lab = Int32Array.from(lb.data);
  const bad = lab.findIndex((l) => l >= spec.numClasses);
  if (bad >= 0) throw new DataError(labels.file, 'range', `label ${lab[bad]} of sample ${bad} is outside [0, ${spec.numClasses})`);
  return makeDataset({
    name: spec.name, images: bytesToUnit(im.data), labels: lab, n, channels: 1, height, width,
    numClasses: spec.numClasses, classNames: spec.classNames,
  }, images.file);
}
