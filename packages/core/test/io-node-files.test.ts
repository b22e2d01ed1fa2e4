import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../src/index.js';
import { readFileChecked, writeFileAtomic } from '../src/node.js';
import { tempDir } from './fixtures/data/generate.js';

describe('writeFileAtomic / readFileChecked', () => {
  let dir = '';
  let cleanup = async () => {};
  beforeAll(async () => { ({ dir, cleanup } = await tempDir()); });
  afterAll(() => cleanup());

  const leftovers = async (d: string) => (await readdir(d)).filter((f) => f.endsWith('.tmp'));

  it('creates folders, writes bytes or text, and replaces an existing file', async () => {
    const file = path.join(dir, 'a', 'b', 'out.bin');
    await writeFileAtomic(file, Uint8Array.from([1, 2, 3]));
    expect(Array.from(await readFileChecked(file, 'output'))).toEqual([1, 2, 3]);
    await writeFileAtomic(file, 'replaced ✓');
    expect(await readFile(file, 'utf8')).toBe('replaced ✓');
    expect(await leftovers(path.dirname(file))).toEqual([]);
  });

  it('leaves one complete version when writers race', async () => {
    const file = path.join(dir, 'race.bin');
    const versions = Array.from({ length: 8 }, (_, v) => new Uint8Array(200_000).fill(v + 1));
    await Promise.all(versions.map((data) => writeFileAtomic(file, data)));
    const got = await readFile(file);
    expect(got.length).toBe(200_000);
    expect(new Set(got).size).toBe(1);
    expect(await leftovers(dir)).toEqual([]);
  });

  it('fails cleanly, removing its temporary file, when the target cannot be replaced', async () => {
    const target = path.join(dir, 'is-a-folder');
    await mkdir(target);
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow();
    expect(await leftovers(dir)).toEqual([]);
    await writeFile(path.join(dir, 'plain'), 'x');
    await expect(writeFileAtomic(path.join(dir, 'plain', 'child.txt'), 'x')).rejects.toThrow(/ENOTDIR|EEXIST/);
  });

  it('names the path and purpose of a file it cannot read', async () => {
    const missing = path.join(dir, 'nope.safetensors');
    const err = await readFileChecked(missing, 'checkpoint').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).message).toBe(`${missing}: cannot read checkpoint: no such file`);
    expect((err as DataError).kind).toBe('missing');
    await expect(readFileChecked(dir, 'labels')).rejects.toThrow(`${dir}: cannot read labels: is a folder, not a file`);
  });
});
