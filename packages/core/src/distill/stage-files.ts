/**
 * Shared rules of the file-based stages (EL2N, experts, distillation): every output records the
 * configuration that produced it, and a resumed or sharded run refuses to mix outputs of different
 * configurations, naming the file and the settings that differ. Node only.
 */
import { existsSync } from 'node:fs';
import { crc32 } from '../io/crc32.js';
import type { HostImages } from './host-data.js';

/** Which part of the work a process does: shard `index` of `count` (from `--shard i/n`). */
export interface Shard {
  index: number;
  count: number;
}

export const WHOLE: Shard = { index: 0, count: 1 };

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count) throw new Error(`--shard must be i/n with 0 <= i < n (e.g. 0/2), got '${text}'`);
  return { index, count };
}

/** A short fingerprint of a data set (sizes and a CRC of labels and pixels), so outputs made from other
 *  data are recognised. */
export function dataFingerprint(d: HostImages): string {
  const img = new Uint8Array(d.images.buffer, d.images.byteOffset, d.images.byteLength);
  const lab = new Uint8Array(d.labels.buffer, d.labels.byteOffset, d.labels.byteLength);
  const hex = (v: number) => (v >>> 0).toString(16).padStart(8, '0');
  return `${d.n}x${d.channels}x${d.height}x${d.width}/${d.numClasses}:${hex(crc32(lab))}${hex(crc32(img))}`;
}

/** Canonical JSON (sorted keys) for comparing configurations. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));
}

/** Throws when a file was made with another configuration, listing each setting that differs. */
export function assertSameConfig(file: string, saved: Record<string, unknown>, now: Record<string, unknown>): void {
  const keys = [...new Set([...Object.keys(saved), ...Object.keys(now)])].sort();
  const diff = keys.filter((k) => canonical(saved[k]) !== canonical(now[k]));
  if (diff.length === 0) return;
  const lines = diff.map((k) => `  ${k}: file has ${canonical(saved[k])}, this run has ${canonical(now[k])}`);
  throw new Error(`${file} was made with different settings:\n${lines.join('\n')}\nUse another output folder (--out) or delete the file to start over.`);
}

export function parseMeta(file: string, metadata: Record<string, string>, key: string): Record<string, unknown> {
  const raw = metadata[key];
  if (raw === undefined) throw new Error(`${file}: metadata has no '${key}' entry (not written by pad-gpu, or from another version)`);
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw new Error(`${file}: metadata '${key}' is not valid JSON`);
  }
}

export function exists(file: string): boolean {
  return existsSync(file);
}
