/**
 * safetensors (https://github.com/huggingface/safetensors): an 8-byte little-endian header length N, N
 * bytes of JSON ({"__metadata__": {string: string}, name: {"dtype", "shape", "data_offsets": [begin,
 * end]}}, offsets relative to the byte after the header), then the tensors' little-endian C-order bytes.
 * Written files pad the header with spaces to a multiple of 8 and place tensors by decreasing element
 * size, so every tensor is aligned for zero-copy readers; reading enforces the rules the reference
 * implementation enforces (no holes or overlaps, sizes that match the shapes). Browser-safe.
 */
import { DataError } from '../data/errors.js';

export type SafeDType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U64' | 'U32' | 'U16' | 'U8' | 'BOOL';
/** F16 and BF16 are carried as their raw 16-bit patterns; BOOL as bytes 0/1. */
export type SafeData =
  | Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array
  | BigInt64Array | BigUint64Array;

export interface SafeTensor {
  readonly dtype: SafeDType;
  readonly shape: readonly number[];
  readonly data: SafeData;
}

export interface SafetensorsFile {
  readonly tensors: Record<string, SafeTensor>;
  readonly metadata: Record<string, string>;
}

type ArrayCtor = { new (buffer: ArrayBuffer): SafeData; readonly BYTES_PER_ELEMENT: number; readonly name: string };
const DTYPES: Record<SafeDType, ArrayCtor> = {
  F64: Float64Array, F32: Float32Array, F16: Uint16Array, BF16: Uint16Array,
  I64: BigInt64Array, I32: Int32Array, I16: Int16Array, I8: Int8Array,
  U64: BigUint64Array, U32: Uint32Array, U16: Uint16Array, U8: Uint8Array, BOOL: Uint8Array,
};

/** The reference reader refuses headers above 100 MB; so do we, before allocating anything. */
const MAX_HEADER = 100_000_000;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function checkHost(): void {
  if (!LITTLE_ENDIAN) throw new Error('safetensors: big-endian hosts are not supported');
}

const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Encodes tensors (in decreasing element size, then given order) and string metadata. */
export function encodeSafetensors(tensors: Record<string, SafeTensor>, metadata: Record<string, string> = {}): Uint8Array {
  checkHost();
  const entries = Object.entries(tensors);
  for (const [name, t] of entries) validateTensor(name, t);
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== 'string') throw new Error(`safetensors: metadata "${k}" must be a string, got ${typeof v}`);
  }
  const ordered = entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => DTYPES[b.e[1].dtype].BYTES_PER_ELEMENT - DTYPES[a.e[1].dtype].BYTES_PER_ELEMENT || a.i - b.i)
    .map(({ e }) => e);
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of ordered) {
    header[name] = { dtype: t.dtype, shape: [...t.shape], data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLen = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLen + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLen), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLen);
  let at = 8 + headerLen;
  for (const [, t] of ordered) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}

function validateTensor(name: string, t: SafeTensor): void {
  if (name === '' || name === '__metadata__') throw new Error(`safetensors: "${name}" cannot be a tensor name`);
  const ctor = DTYPES[t.dtype];
  if (!ctor) throw new Error(`safetensors: tensor "${name}" has unknown dtype ${t.dtype}`);
  if (!t.shape.every((d) => Number.isInteger(d) && d >= 0)) throw new Error(`safetensors: tensor "${name}" has invalid shape [${t.shape}]`);
  if (!(t.data instanceof (ctor as unknown as typeof Uint8Array))) {
    throw new Error(`safetensors: tensor "${name}" (${t.dtype}) needs a ${ctor.name}, got ${t.data.constructor.name}`);
  }
  if (t.data.length !== count(t.shape)) {
    throw new Error(`safetensors: tensor "${name}" has ${t.data.length} values for shape [${t.shape}] (${count(t.shape)})`);
  }
}

/** Decodes and validates a safetensors file; `file` names it in errors. Tensor data is copied (aligned). */
export function decodeSafetensors(bytes: Uint8Array, file = 'safetensors data'): SafetensorsFile {
  checkHost();
  const fail = (kind: 'format' | 'truncated' | 'mismatch', msg: string) => new DataError(file, kind, msg);
  if (bytes.length < 8) throw fail('truncated', `${bytes.length} bytes; a safetensors file starts with an 8-byte header length`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER)) throw fail('format', `header length ${n} is over the 100 MB limit (not a safetensors file?)`);
  const headerLen = Number(n);
  if (8 + headerLen > bytes.length) throw fail('truncated', `header length ${headerLen} runs past the end of the ${bytes.length}-byte file`);
  let header: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen));
    if (!text.startsWith('{')) throw new Error('it does not start with "{"');
    header = JSON.parse(text);
  } catch (err) {
    throw fail('format', `header is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw fail('format', 'header is not a JSON object');
  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const found: { name: string; dtype: SafeDType; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, v] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw fail('format', '__metadata__ is not an object');
      for (const [k, s] of Object.entries(v)) {
        if (typeof s !== 'string') throw fail('format', `metadata "${k}" is not a string`);
        metadata[k] = s;
      }
      continue;
    }
    found.push(parseEntry(name, v, fail));
  }
  found.sort((a, b) => a.begin - b.begin);
  let expect = 0;
  for (const t of found) {
    if (t.begin !== expect) throw fail('format', `tensor "${t.name}" starts at byte ${t.begin} of the data, expected ${expect} (holes or overlaps)`);
    expect = t.end;
  }
  if (expect > dataLen) throw fail('truncated', `tensors need ${expect} bytes of data, the file has ${dataLen}`);
  if (expect < dataLen) throw fail('format', `${dataLen - expect} bytes after the last tensor`);
  const tensors: Record<string, SafeTensor> = {};
  for (const t of found) {
    const copy = bytes.slice(dataStart + t.begin, dataStart + t.end).buffer;
    tensors[t.name] = { dtype: t.dtype, shape: t.shape, data: new DTYPES[t.dtype](copy) };
  }
  return { tensors, metadata };
}

function parseEntry(
  name: string, v: unknown, fail: (kind: 'format' | 'mismatch', msg: string) => DataError,
): { name: string; dtype: SafeDType; shape: number[]; begin: number; end: number } {
  const e = v as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  if (typeof v !== 'object' || v === null) throw fail('format', `entry "${name}" is not an object`);
  if (typeof e.dtype !== 'string' || !(e.dtype in DTYPES)) throw fail('format', `tensor "${name}" has unsupported dtype ${JSON.stringify(e.dtype)}`);
  const dtype = e.dtype as SafeDType;
  const ints = (x: unknown, len?: number) =>
    Array.isArray(x) && (len === undefined || x.length === len) && x.every((d) => Number.isSafeInteger(d) && d >= 0);
  if (!ints(e.shape)) throw fail('format', `tensor "${name}" has invalid shape ${JSON.stringify(e.shape)}`);
  if (!ints(e.data_offsets, 2)) throw fail('format', `tensor "${name}" has invalid data_offsets ${JSON.stringify(e.data_offsets)}`);
  const shape = e.shape as number[];
  const [begin, end] = e.data_offsets as number[];
  const want = count(shape) * DTYPES[dtype].BYTES_PER_ELEMENT;
  if (end < begin || end - begin !== want) {
    throw fail('mismatch', `tensor "${name}" (${dtype} [${shape}]) needs ${want} bytes, data_offsets [${begin}, ${end}] give ${end - begin}`);
  }
  return { name, dtype, shape, begin, end };
}
