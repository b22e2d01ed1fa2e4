/**
 * Expert trajectory files (Node only): experts/expert_<i>.safetensors holds one F32 tensor per stored
 * epoch, `epoch_000` (the initialisation) to `epoch_<E>`, and metadata with the configuration and the
 * epochs done. The file is rewritten atomically after every epoch, so a killed run leaves the previous
 * epoch's complete file. The loop reads single snapshots by offset, so trajectories of paper-scale
 * runs (100 experts x 100 epochs x 320k parameters) never have to fit in memory.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Backend } from '../backend/backend.js';
import { decodeSafetensors } from '../io/safetensors.js';
import { tensor } from '../ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import type { ExpertSource } from './experts-source.js';
import { parseMeta } from './stage-files.js';

export const EXPERT_FORMAT = 'pad-gpu/expert-v1';

export const epochKey = (e: number) => `epoch_${String(e).padStart(3, '0')}`;

export function expertFile(dir: string, i: number): string {
  return path.join(dir, 'experts', `expert_${String(i).padStart(4, '0')}.safetensors`);
}

interface Entry {
  begin: number;
  end: number;
}

/** The header of a safetensors file: tensor byte ranges (absolute) and metadata, without the data. */
async function readHeader(file: string): Promise<{ entries: Record<string, Entry>; metadata: Record<string, string> }> {
  const h = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(8);
    await h.read(head, 0, 8, 0);
    const n = Number(head.readBigUInt64LE(0));
    const stat = await h.stat();
    if (n < 2 || 8 + n > stat.size) throw new Error(`${file}: not a safetensors file (header length ${n}, file ${stat.size} bytes)`);
    const json = Buffer.alloc(n);
    await h.read(json, 0, n, 8);
    const header = JSON.parse(json.toString('utf8')) as Record<string, unknown>;
    const entries: Record<string, Entry> = {};
    for (const [k, raw] of Object.entries(header)) {
      if (k === '__metadata__') continue;
      const v = raw as { dtype: string; data_offsets: [number, number] };
      if (v.dtype !== 'F32') throw new Error(`${file}: tensor ${k} is ${v.dtype}, expected F32`);
      entries[k] = { begin: 8 + n + v.data_offsets[0], end: 8 + n + v.data_offsets[1] };
      if (entries[k].end > stat.size) throw new Error(`${file}: tensor ${k} runs past the end of the file (truncated?)`);
    }
    return { entries, metadata: (header.__metadata__ as Record<string, string> | undefined) ?? {} };
  } finally {
    await h.close();
  }
}

export interface ExpertFileInfo {
  file: string;
  epochsDone: number;
  config: Record<string, unknown>;
}

export async function readExpertInfo(file: string): Promise<ExpertFileInfo> {
  const { metadata } = await readHeader(file);
  if (metadata.format !== EXPERT_FORMAT) throw new Error(`${file}: not an expert trajectory (format '${metadata.format ?? 'none'}')`);
  const epochsDone = Number(metadata.epochs_done);
  if (!Number.isInteger(epochsDone) || epochsDone < 0) throw new Error(`${file}: bad epochs_done '${metadata.epochs_done}'`);
  return { file, epochsDone, config: parseMeta(file, metadata, 'config') };
}

/** All snapshots of an expert file (for resuming its training). */
export async function readTrajectory(file: string): Promise<Float32Array[]> {
  const f = decodeSafetensors(new Uint8Array(await fs.readFile(file)), file);
  const out: Float32Array[] = [];
  for (let e = 0; f.tensors[epochKey(e)]; e++) out.push(f.tensors[epochKey(e)].data as Float32Array);
  return out;
}

/** The experts of a folder, as the distillation loop reads them. */
export class FileExperts implements ExpertSource {
  private constructor(
    readonly files: readonly string[],
    private readonly entries: readonly Record<string, Entry>[],
    readonly lr: number,
    readonly numParams: number,
  ) {}

  /** Opens every complete expert file in `dir`/experts (epochs_done = epochs); `expect` is checked
   *  against each file's configuration when given. */
  static async open(dir: string, expect?: (file: string, config: Record<string, unknown>) => void): Promise<FileExperts> {
    const folder = path.join(dir, 'experts');
    let names: string[];
    try {
      names = (await fs.readdir(folder)).filter((n) => /^expert_\d{4}\.safetensors$/.test(n)).sort();
    } catch {
      throw new Error(`no expert trajectories: ${folder} does not exist (run 'pad-gpu experts' first)`);
    }
    const files: string[] = [];
    const entries: Record<string, Entry>[] = [];
    let lr = NaN;
    let numParams = NaN;
    for (const name of names) {
      const file = path.join(folder, name);
      const info = await readExpertInfo(file);
      expect?.(file, info.config);
      if (info.epochsDone < Number(info.config.epochs)) continue;
      const h = await readHeader(file);
      files.push(file);
      entries.push(h.entries);
      lr = Number(info.config.lr);
      numParams = Number(info.config.numParams);
    }
    if (files.length === 0) throw new Error(`no finished expert trajectories in ${folder} (run 'pad-gpu experts' to train or finish them)`);
    return new FileExperts(files, entries, lr, numParams);
  }

  get count(): number {
    return this.files.length;
  }

  snapshots(i: number): number {
    let e = 0;
    while (this.entries[i][epochKey(e)]) e++;
    return e;
  }

  async read(i: number, epoch: number): Promise<Float32Array> {
    const entry = this.entries[i]?.[epochKey(epoch)];
    if (!entry) throw new Error(`expert ${i} (${this.files[i]}) has no epoch ${epoch}`);
    const bytes = entry.end - entry.begin;
    const h = await fs.open(this.files[i], 'r');
    try {
      const buf = new Float32Array(bytes / 4);
      const { bytesRead } = await h.read(new Uint8Array(buf.buffer), 0, bytes, entry.begin);
      if (bytesRead !== bytes) throw new Error(`${this.files[i]}: short read of ${epochKey(epoch)} (file changed or truncated?)`);
      return buf;
    } finally {
      await h.close();
    }
  }

  async load(i: number, epoch: number, backend: Backend): Promise<Tensor> {
    const v = await this.read(i, epoch);
    if (v.length !== this.numParams) throw new Error(`${this.files[i]}: ${epochKey(epoch)} has ${v.length} values, expected ${this.numParams}`);
    return tensor(v, [v.length], { backend });
  }
}
