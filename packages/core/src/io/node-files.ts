/**
 * Node-only file helpers. Outputs are written atomically (temporary file in the same folder, fsync,
 * rename, fsync of the folder), so a run killed mid-write leaves the previous file or the new one,
 * never half of one; reads fail with a DataError that names the path and what it was for.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DataError } from '../data/errors.js';

/** Writes `data` to `file` atomically, creating the folder if needed. */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(tmp, 'wx');
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, file);
  } catch (err) {
    await handle?.close().catch(() => {});
    await fs.rm(tmp, { force: true }).catch(() => {});
    throw err;
  }
  await syncDir(dir);
}

/** Makes the rename itself durable; some platforms cannot open folders, which is harmless to skip. */
async function syncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows and some file systems refuse fsync on a directory; the data itself is already synced.
  } finally {
    await handle?.close().catch(() => {});
  }
}

/** Reads a whole file; `what` says what it is for ("Fashion-MNIST training images", "checkpoint"). */
export async function readFileChecked(file: string, what: string): Promise<Uint8Array> {
  try {
    const buf = await fs.readFile(file);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new DataError(file, 'missing', `cannot read ${what}: ${why}`);
  }
}
