/** A DataSource over a folder on disk (Node only). */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readFileChecked } from '../io/node-files.js';
import { DataError } from './errors.js';
import type { DataSource } from './source.js';

export function dirSource(root: string): DataSource {
  const locate = (p: string) => path.join(root, p);
  return {
    locate,
    read: (p) => readFileChecked(locate(p), 'dataset file'),
    async exists(p) {
      try {
        return (await fs.stat(locate(p))).isFile();
      } catch {
        return false;
      }
    },
    async list(dir) {
      try {
        return (await fs.readdir(locate(dir))).sort();
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new DataError(locate(dir), 'missing', code === 'ENOENT' ? 'no such folder' : code === 'ENOTDIR' ? 'is a file, not a folder' : (err as Error).message);
      }
    },
  };
}
