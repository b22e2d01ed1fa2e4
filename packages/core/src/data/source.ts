/**
 * Where dataset files come from. Loaders are written against this interface so the same parsing code
 * runs in Node (a folder: node-source.ts), in a page (fetch, or files the user picked: memorySource),
 * and in tests. Paths are relative, '/'-separated.
 */
import { DataError } from './errors.js';

export interface DataSource {
  /** The full location of a relative path, used in error messages. */
  locate(path: string): string;
  /** The file's bytes; rejects with a DataError of kind 'missing' that names the location. */
  read(path: string): Promise<Uint8Array>;
  /** Whether a readable file exists at the path. */
  exists(path: string): Promise<boolean>;
  /** Sorted names of the entries of a folder (needed only by folder layouts such as Tiny ImageNet). */
  list?(dir: string): Promise<string[]>;
}

export async function readText(source: DataSource, path: string): Promise<string> {
  return new TextDecoder().decode(await source.read(path));
}

/** Files held in memory, keyed by relative path (a page's picked files, generated test data). */
export function memorySource(files: Record<string, Uint8Array | string>, label = 'memory'): DataSource {
  const locate = (p: string) => `${label}/${p}`;
  const get = (p: string) => files[p];
  return {
    locate,
    async read(p) {
      const f = get(p);
      if (f === undefined) throw new DataError(locate(p), 'missing', 'no such file');
      return typeof f === 'string' ? new TextEncoder().encode(f) : f;
    },
    async exists(p) {
      return get(p) !== undefined;
    },
    async list(dir) {
      const prefix = dir === '' || dir === '.' ? '' : `${dir.replace(/\/+$/, '')}/`;
      const names = new Set<string>();
      for (const k of Object.keys(files)) if (k.startsWith(prefix)) names.add(k.slice(prefix.length).split('/')[0]);
      if (names.size === 0) throw new DataError(locate(dir), 'missing', 'no such folder');
      return [...names].sort();
    },
  };
}

/** Files served over HTTP under `baseUrl` (the demo page). HTTP cannot list folders, so `list` is absent. */
export function fetchSource(baseUrl: string, fetchFn: typeof fetch = (...a) => globalThis.fetch(...a)): DataSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const locate = (p: string) => base + p;
  return {
    locate,
    async read(p) {
      let res: Response;
      try {
        res = await fetchFn(locate(p));
      } catch (err) {
        throw new DataError(locate(p), 'missing', `cannot fetch: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!res.ok) throw new DataError(locate(p), 'missing', `HTTP ${res.status} ${res.statusText}`.trim());
      return new Uint8Array(await res.arrayBuffer());
    },
    async exists(p) {
      try {
        return (await fetchFn(locate(p), { method: 'HEAD' })).ok;
      } catch {
        return false;
      }
    },
  };
}
