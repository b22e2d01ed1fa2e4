// A tiny static file server (node:http only, no dependencies) for the demo and the browser tests.
// Serves the built page folder at `/` and, when given, a dataset folder at `/data/` (only the
// Fashion-MNIST IDX file names, so the command never exposes anything else on disk).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.gz': 'application/gzip',
  '.png': 'image/png',
};

export const IDX_FILES = [
  'train-images-idx3-ubyte.gz',
  'train-labels-idx1-ubyte.gz',
  't10k-images-idx3-ubyte.gz',
  't10k-labels-idx1-ubyte.gz',
];

/** A file under `root` for a URL path, or null (paths escaping the root are refused). */
function resolveUnder(root, urlPath) {
  const rel = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  const file = join(root, rel === '' ? 'index.html' : rel);
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  if (!existsSync(file)) return null;
  const st = statSync(file);
  if (st.isDirectory()) return existsSync(join(file, 'index.html')) ? join(file, 'index.html') : null;
  return file;
}

/**
 * Starts serving; resolves to { url, close }. `port` 0 picks a free port. The dataset listing at
 * /data/index.json tells the page which IDX files exist, so it can fall back to a file picker.
 */
export async function startStaticServer({ root, dataDir, port = 0, host = '127.0.0.1' }) {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    let file = null;
    if (path === '/data/index.json') {
      const files = dataDir ? IDX_FILES.filter((f) => existsSync(join(dataDir, f))) : [];
      res.writeHead(200, { 'content-type': TYPES['.json'], 'cache-control': 'no-store' });
      res.end(JSON.stringify({ files }));
      return;
    }
    if (path.startsWith('/data/')) {
      const name = path.slice('/data/'.length);
      if (dataDir && IDX_FILES.includes(name)) file = join(dataDir, name);
    } else {
      file = resolveUnder(root, path);
    }
    if (!file || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': statSync(file).size,
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const addr = server.address();
  return {
    url: `http://${host}:${addr.port}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // A browser keeps idle keep-alive sockets open; close() alone would wait for them.
        server.closeAllConnections();
      }),
  };
}
