/**
 * Gzip with integrity checks. fflate inflates but does not verify the trailer, and a truncated
 * download can inflate "successfully" to fewer bytes; comparing the trailer's CRC-32 and length turns
 * that into an error naming the file instead of a silent partial load.
 */
import { gunzipSync } from 'fflate';
import { crc32 } from '../io/crc32.js';
import { DataError } from './errors.js';

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The inflated bytes of a single-member gzip file, verified against its trailer. */
export function gunzipChecked(bytes: Uint8Array, file: string): Uint8Array {
  if (bytes.length < 18) throw new DataError(file, 'truncated', `gzip file is only ${bytes.length} bytes (a gzip header and trailer alone take 18)`);
  let out: Uint8Array;
  try {
    out = gunzipSync(bytes);
  } catch (err) {
    throw new DataError(file, 'truncated', `gzip data is corrupt or truncated (${err instanceof Error ? err.message : String(err)})`);
  }
  const t = bytes.length - 8;
  const wantCrc = (bytes[t] | (bytes[t + 1] << 8) | (bytes[t + 2] << 16) | (bytes[t + 3] << 24)) >>> 0;
  const wantSize = (bytes[t + 4] | (bytes[t + 5] << 8) | (bytes[t + 6] << 16) | (bytes[t + 7] << 24)) >>> 0;
  if (out.length % 2 ** 32 !== wantSize || crc32(out) !== wantCrc) {
    throw new DataError(file, 'truncated', `gzip data is corrupt or truncated (inflated ${out.length} bytes whose checksum does not match the trailer)`);
  }
  return out;
}

/** Inflates gzip input (detected by its magic bytes, not the file name); other input is returned as is. */
export function maybeGunzip(bytes: Uint8Array, file: string): Uint8Array {
  return isGzip(bytes) ? gunzipChecked(bytes, file) : bytes;
}
