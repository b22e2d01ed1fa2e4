#!/usr/bin/env node
// `npm run demo`: builds the core's browser bundle and the demo page, then serves them on localhost
// with the Fashion-MNIST IDX files. Options:
//   --port N        (default 8080; 0 picks a free port)
//   --host H        (default 127.0.0.1; WebGPU needs a secure context, which localhost is)
//   --data DIR      (default $PAD_GPU_DATA/fashion-mnist or /usr/share/datasets/fashion-mnist;
//                    without the files the page asks the user to pick them)
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPages } from '../lib/build-pages.mjs';
import { startStaticServer } from '../lib/static-server.mjs';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '8080' }, host: { type: 'string', default: '127.0.0.1' }, data: { type: 'string' } },
});
const candidates = [values.data, process.env.PAD_GPU_DATA && join(process.env.PAD_GPU_DATA, 'fashion-mnist'), '/usr/share/datasets/fashion-mnist'];
const dataDir = candidates.find((d) => d && existsSync(join(d, 'train-images-idx3-ubyte.gz')));

const outdir = mkdtempSync(join(tmpdir(), 'pad-gpu-demo-'));
const core = await buildPages(outdir);
const server = await startStaticServer({ root: outdir, dataDir, port: Number(values.port), host: values.host });
console.log(`pad-gpu demo: ${server.url}`);
console.log(`  core bundle ${(core.bytes / 1024).toFixed(1)} KiB (${(core.gzipBytes / 1024).toFixed(1)} KiB gzip)`);
console.log(dataDir ? `  serving Fashion-MNIST from ${dataDir}` : '  no Fashion-MNIST found (--data DIR); the page will ask for the files');
console.log('  open it in a browser with WebGPU (Chromium on Linux: --enable-unsafe-webgpu); Ctrl-C stops');
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
