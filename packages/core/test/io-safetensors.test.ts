import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, decodeSafetensors, encodeSafetensors, type SafeTensor } from '../src/index.js';
import { loadSafetensors, saveSafetensors } from '../src/node.js';
import { tempDir } from './fixtures/data/generate.js';
import { torchPython } from './util/torch-python.js';

const SCRIPTS = fileURLToPath(new URL('../../../scripts/', import.meta.url));

// One tensor of every dtype, deliberately listed smallest element first.
const TENSORS: Record<string, SafeTensor> = {
  flags: { dtype: 'BOOL', shape: [3], data: Uint8Array.from([1, 0, 1]) },
  pixels: { dtype: 'U8', shape: [2, 3], data: Uint8Array.from([0, 1, 2, 250, 254, 255]) },
  small: { dtype: 'I8', shape: [2], data: Int8Array.from([-128, 127]) },
  half: { dtype: 'F16', shape: [2], data: Uint16Array.from([0x3c00, 0xc000]) }, // 1.0, -2.0
  brain: { dtype: 'BF16', shape: [1], data: Uint16Array.from([0x4049]) }, // 3.140625
  shorts: { dtype: 'I16', shape: [2], data: Int16Array.from([-300, 300]) },
  ushorts: { dtype: 'U16', shape: [1], data: Uint16Array.from([65535]) },
  labels: { dtype: 'I32', shape: [4], data: Int32Array.from([0, -1, 7, 2147483647]) },
  words: { dtype: 'U32', shape: [1], data: Uint32Array.from([4000000000]) },
  images: { dtype: 'F32', shape: [2, 1, 2, 2], data: Float32Array.from([0.5, -1.25, 3, 1e-3, 7, 8, 9, 10]) },
  scalar: { dtype: 'F32', shape: [], data: Float32Array.from([0.015625]) },
  empty: { dtype: 'F32', shape: [0, 3], data: new Float32Array(0) },
  lr: { dtype: 'F64', shape: [1], data: Float64Array.from([0.01]) },
  big: { dtype: 'I64', shape: [2], data: BigInt64Array.from([-(2n ** 40n), 5n]) },
  ubig: { dtype: 'U64', shape: [1], data: BigUint64Array.from([2n ** 63n]) },
};
const META = { config: JSON.stringify({ ipc: 1, dataset: 'fashion-mnist' }), note: 'ünïcode ✓' };

function header(bytes: Uint8Array): { len: number; json: Record<string, any>; raw: string } {
  const len = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const raw = new TextDecoder().decode(bytes.subarray(8, 8 + len));
  return { len, json: JSON.parse(raw), raw };
}

/** A file written by hand: header JSON (unpadded), then the data bytes. */
function handWritten(json: string, data: number[]): Uint8Array {
  const h = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

function errorOf(fn: () => unknown): DataError {
  try { fn(); } catch (e) { expect(e).toBeInstanceOf(DataError); return e as DataError; }
  throw new Error('expected a DataError');
}

describe('safetensors encode/decode', () => {
  const bytes = encodeSafetensors(TENSORS, META);

  it('round-trips every dtype, shape and the metadata', () => {
    const back = decodeSafetensors(bytes, 'rt');
    expect(back.metadata).toEqual(META);
    expect(Object.keys(back.tensors).sort()).toEqual(Object.keys(TENSORS).sort());
    for (const [name, t] of Object.entries(TENSORS)) {
      const b = back.tensors[name];
      expect(b.dtype, name).toBe(t.dtype);
      expect(b.shape, name).toEqual(t.shape);
      expect(b.data.constructor, name).toBe(t.data.constructor);
      expect(Array.from(b.data as ArrayLike<number | bigint>), name).toEqual(Array.from(t.data as ArrayLike<number | bigint>));
    }
  });

  it('lays out a padded header and aligned, contiguous data by decreasing element size', () => {
    const { len, json, raw } = header(bytes);
    expect(len % 8).toBe(0);
    expect(raw).toMatch(/^\{.*\} *$/s);
    expect(json.__metadata__).toEqual(META);
    const entries = Object.entries(json).filter(([k]) => k !== '__metadata__') as [string, { dtype: string; shape: number[]; data_offsets: [number, number] }][];
    entries.sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0]);
    expect(entries.map(([k]) => k)).toEqual([
      'lr', 'big', 'ubig', 'labels', 'words', 'images', 'scalar', 'empty', 'half', 'brain', 'shorts', 'ushorts', 'flags', 'pixels', 'small',
    ]);
    let at = 0;
    for (const [name, e] of entries) {
      const t = TENSORS[name];
      expect(e.dtype).toBe(t.dtype);
      expect(e.shape).toEqual(t.shape);
      expect(e.data_offsets).toEqual([at, at + t.data.byteLength]);
      expect((8 + len + at) % t.data.BYTES_PER_ELEMENT, name).toBe(0);
      const stored = bytes.subarray(8 + len + at, 8 + len + at + t.data.byteLength);
      expect(Array.from(stored)).toEqual(Array.from(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength)));
      at += t.data.byteLength;
    }
    expect(bytes.length).toBe(8 + len + at);
  });

  it('reads a file written by hand (unpadded header, unaligned data)', () => {
    const f = handWritten('{"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"a":{"dtype":"I32","shape":[1],"data_offsets":[0,4]},"__metadata__":{"k":"v"}}',
      [0xfe, 0xff, 0xff, 0xff, 0x00, 0x00, 0xc0, 0x3f]);
    const { tensors, metadata } = decodeSafetensors(f);
    expect(metadata).toEqual({ k: 'v' });
    expect(Array.from(tensors.a.data as Int32Array)).toEqual([-2]);
    expect(Array.from(tensors.b.data as Float32Array)).toEqual([1.5]);
    expect(decodeSafetensors(handWritten('{}', [])).tensors).toEqual({});
  });

  it('rejects malformed files with the reason and the file name', () => {
    const e = (json: string, data: number[] = []) => errorOf(() => decodeSafetensors(handWritten(json, data), 'f.st')).message;
    expect(errorOf(() => decodeSafetensors(new Uint8Array(5), 'f.st')).message).toBe('f.st: 5 bytes; a safetensors file starts with an 8-byte header length');
    expect(errorOf(() => decodeSafetensors(bytes.subarray(0, 40), 'f.st')).message).toMatch(/^f\.st: header length \d+ runs past the end of the 40-byte file$/);
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 2n ** 40n, true);
    expect(errorOf(() => decodeSafetensors(huge, 'f.st')).message).toBe('f.st: header length 1099511627776 is over the 100 MB limit (not a safetensors file?)');
    expect(e('{"a":')).toMatch(/^f\.st: header is not valid JSON \(/);
    expect(e('[1]')).toBe('f.st: header is not valid JSON (it does not start with "{")');
    expect(e('{"a":{"dtype":"F8","shape":[1],"data_offsets":[0,1]}}', [0])).toBe('f.st: tensor "a" has unsupported dtype "F8"');
    expect(e('{"a":{"dtype":"U8","shape":[-1],"data_offsets":[0,1]}}', [0])).toBe('f.st: tensor "a" has invalid shape [-1]');
    expect(e('{"a":{"dtype":"I32","shape":[2],"data_offsets":[0,4]}}', [0, 0, 0, 0])).toBe('f.st: tensor "a" (I32 [2]) needs 8 bytes, data_offsets [0, 4] give 4');
    expect(e('{"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}', [0, 0])).toBe('f.st: tensor "a" starts at byte 1 of the data, expected 0 (holes or overlaps)');
    expect(e('{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}', [0, 0])).toBe('f.st: tensor "b" starts at byte 1 of the data, expected 2 (holes or overlaps)');
    expect(e('{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]}}', [1, 2])).toBe('f.st: tensors need 4 bytes of data, the file has 2');
    expect(e('{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}', [1, 2])).toBe('f.st: 1 bytes after the last tensor');
    expect(e('{"__metadata__":{"n":1}}')).toBe('f.st: metadata "n" is not a string');
    expect(errorOf(() => decodeSafetensors(bytes.subarray(0, bytes.length - 3), 'cut.st')).kind).toBe('truncated');
  });

  it('refuses tensors that do not match their declaration', () => {
    expect(() => encodeSafetensors({ x: { dtype: 'F32', shape: [2], data: new Float64Array(2) } })).toThrow('safetensors: tensor "x" (F32) needs a Float32Array, got Float64Array');
    expect(() => encodeSafetensors({ x: { dtype: 'F32', shape: [3], data: new Float32Array(2) } })).toThrow('safetensors: tensor "x" has 2 values for shape [3] (3)');
    expect(() => encodeSafetensors({ __metadata__: { dtype: 'U8', shape: [0], data: new Uint8Array(0) } })).toThrow('"__metadata__" cannot be a tensor name');
    expect(() => encodeSafetensors({}, { n: 1 as unknown as string })).toThrow('safetensors: metadata "n" must be a string, got number');
  });
});

describe('a file written by Python safetensors 0.8.0 (test/fixtures/data, made with safetensors.numpy.save_file)', () => {
  it('decodes with the values numpy wrote', async () => {
    const f = fileURLToPath(new URL('./fixtures/data/python-safetensors-0.8.0.safetensors', import.meta.url));
    const { tensors, metadata } = await loadSafetensors(f);
    expect(metadata).toEqual({ format: 'np', writer: 'safetensors 0.8.0' });
    expect(tensors.images.shape).toEqual([3, 1, 2, 2]);
    expect(Array.from(tensors.images.data as Float32Array)).toEqual(Array.from({ length: 12 }, (_, i) => i / 8 - 0.5));
    expect(Array.from(tensors.labels.data as Int32Array)).toEqual([2, 0, 1]);
    expect(tensors.lr).toEqual({ dtype: 'F64', shape: [], data: Float64Array.from([0.01]) });
    expect(tensors.mask).toEqual({ dtype: 'BOOL', shape: [3], data: Uint8Array.from([1, 0, 1]) });
    expect(tensors.bytes).toEqual({ dtype: 'U8', shape: [2, 3], data: Uint8Array.from([1, 2, 3, 250, 251, 252]) });
    expect(Array.from(tensors.half.data as Uint16Array)).toEqual([0x3c00, 0xc000, 0x3800]);
    expect(Array.from(tensors.idx.data as BigInt64Array)).toEqual([-(2n ** 40n), 7n]);
    // and our encoder writes the same content back
    const again = decodeSafetensors(encodeSafetensors(tensors, metadata));
    expect(again).toEqual({ tensors, metadata });
  });
});

describe('safetensors files read by Python', () => {
  let dir = '';
  let cleanup = async () => {};
  let file = '';
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    file = path.join(dir, 'out', 'distilled.safetensors');
    await saveSafetensors(file, TENSORS, META);
  });
  afterAll(() => cleanup());

  it('saves atomically and loads back through the Node helpers', async () => {
    const back = await loadSafetensors(file);
    expect(back.metadata).toEqual(META);
    expect(Array.from(back.tensors.images.data as Float32Array)).toEqual(Array.from(TENSORS.images.data as Float32Array));
    await expect(loadSafetensors(path.join(dir, 'none.safetensors'))).rejects.toThrow(`${path.join(dir, 'none.safetensors')}: cannot read safetensors file: no such file`);
  });

  it('passes the standard-library checker (scripts/check_safetensors.py) with the same values', () => {
    const out = JSON.parse(execFileSync('python3', [path.join(SCRIPTS, 'check_safetensors.py'), file], { encoding: 'utf8' }));
    expect(out.metadata).toEqual(META);
    expect(out.header_len % 8).toBe(0);
    for (const [name, t] of Object.entries(TENSORS)) {
      const got = out.tensors[name];
      expect(got.shape, name).toEqual(t.shape);
      expect(got.aligned, name).toBe(true);
      const values = t.dtype === 'F16' ? [1, -2] : t.dtype === 'BF16' ? [3.140625] : Array.from(t.data as ArrayLike<number | bigint>, Number);
      expect(got.sum, name).toBeCloseTo(values.reduce((a, b) => a + b, 0), 3);
    }
    const broken = spawnSync('python3', [path.join(SCRIPTS, 'check_safetensors.py'), path.join(SCRIPTS, 'check_safetensors.py')], { encoding: 'utf8' });
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/invalid safetensors file/);
  });

  // Debian's python3-torch (PLATFORM.md) provides torch 1.13 at /usr/bin/python3; the loader needs it.
  it('loads into torch tensors with scripts/load_safetensors_torch.py', async () => {
    // torch 1.13 has no U16/U32/U64 and the loader refuses them, so this file leaves them out.
    const names = ['images', 'labels', 'lr', 'pixels', 'half', 'brain', 'empty', 'scalar', 'big', 'flags'];
    const f = path.join(dir, 'torch.safetensors');
    await saveSafetensors(f, Object.fromEntries(names.map((k) => [k, TENSORS[k]])), META);
    const out = JSON.parse(execFileSync(torchPython(), [path.join(SCRIPTS, 'load_safetensors_torch.py'), f, '--json'], { encoding: 'utf8' }));
    expect(out.metadata).toEqual(META);
    expect(out.tensors.images.dtype).toBe('float32');
    expect(out.tensors.images.shape).toEqual([2, 1, 2, 2]);
    expect(out.tensors.images.sum).toBeCloseTo(36.25 + Math.fround(1e-3), 6);
    expect(out.tensors.labels).toEqual({ dtype: 'int32', shape: [4], sum: 2147483647 + 6 });
    expect(out.tensors.lr).toEqual({ dtype: 'float64', shape: [1], sum: 0.01 });
    expect(out.tensors.pixels).toEqual({ dtype: 'uint8', shape: [2, 3], sum: 762 });
    expect(out.tensors.half).toEqual({ dtype: 'float16', shape: [2], sum: -1 });
    expect(out.tensors.brain).toEqual({ dtype: 'bfloat16', shape: [1], sum: 3.140625 });
    expect(out.tensors.empty).toEqual({ dtype: 'float32', shape: [0, 3], sum: 0 });
    expect(out.tensors.scalar).toEqual({ dtype: 'float32', shape: [], sum: 0.015625 });
    expect(out.tensors.big).toEqual({ dtype: 'int64', shape: [2], sum: 5 - 2 ** 40 });
    expect(out.tensors.flags).toEqual({ dtype: 'bool', shape: [3], sum: 2 });
  });
});
