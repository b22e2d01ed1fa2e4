// The Dawn instance must outlive every garbage collection (PLATFORM.md). This runs a separate
// `node --expose-gc` process on the current core source (bundled by esbuild, webgpu left external),
// because the crash only shows up with forced GCs and kills the whole process.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
// Inside the package tree so the bundle's runtime `import('webgpu')` resolves; `dist/` is git-ignored.
const bundle = here('./fixtures/device/dist/core.mjs');

beforeAll(async () => {
  await build({
    entryPoints: [here('../src/index.ts')],
    outfile: bundle,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    alias: { '@pad-gpu/kernels': here('../../kernels/src/index.ts') },
    external: ['webgpu'],
    loader: { '.wgsl': 'text' },
    logLevel: 'warning',
  });
});

describe('garbage collection', () => {
  it('200 small dispatches with a forced GC between each finish and the process exits 0', () => {
    const run = spawnSync(process.execPath, ['--expose-gc', here('./fixtures/device/gc-dispatch.mjs'), bundle, '200'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, EGL_PLATFORM: process.env.EGL_PLATFORM ?? 'surfaceless' },
    });
    const detail = `signal=${run.signal} status=${run.status}\n${run.stderr.slice(-2000)}`;
    expect(run.signal, detail).toBeNull();
    expect(run.status, detail).toBe(0);
    expect(run.stdout).toContain('OK dispatches=200 checks=20');
  });
});
