/**
 * The browser bundle without a browser: it builds, stays free of Node-only imports (the build
 * refuses them, shown on fixtures), stays within a size budget, and every WGSL kernel fits the
 * browser limits (PLATFORM.md: Chromium's SwiftShader adapter allows 256 invocations per workgroup
 * and 10 storage buffers per stage, far below llvmpipe in Node, so a kernel can pass every Node test
 * and still fail in a browser).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as kernels from '@pad-gpu/kernels';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBrowserBundle } from '../../packages/core/scripts/build-browser.mjs';

const out = mkdtempSync(join(tmpdir(), 'pad-gpu-bundle-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Minified size budget; the gzip size is documented in docs/browser.md. */
const MAX_BYTES = 400 * 1024;

describe('browser bundle of @pad-gpu/core', () => {
  it('builds as one ESM file without Node imports and within the size budget', async () => {
    const r = await buildBrowserBundle({ outfile: join(out, 'core.js') });
    const text = readFileSync(r.outfile, 'utf8');
    console.log(`bundle: ${(r.bytes / 1024).toFixed(1)} KiB minified, ${(r.gzipBytes / 1024).toFixed(1)} KiB gzip`);
    expect(r.bytes).toBeLessThan(MAX_BYTES);
    expect(text).not.toMatch(/from\s*["']node:/);
    expect(text).toMatch(/export\s*\{/);
    // The WGSL sources are inlined as text.
    expect(text).toContain('@compute');
  });

  it('uses no unguarded Node globals (process, Buffer, require) in its own sources', async () => {
    // They bundle without complaint and throw ReferenceError in a page; guard them as
    // globalThis.process?.… or move the code to src/node.ts.
    const r = await buildBrowserBundle({ outfile: join(out, 'core-globals.js'), minify: false });
    expect(r.nodeGlobals).toEqual([]);
  });

  it.each([
    ['node-import.ts', /'node:fs' \(a node: builtin\) imported by .*node-import\.ts/],
    ['dawn-import.ts', /'webgpu' \(Dawn, Node only: browsers use navigator\.gpu\) imported by .*dawn-import\.ts/],
  ])('refuses %s on the browser path', async (file, message) => {
    const err = await buildBrowserBundle({ entry: fixture(file), outfile: join(out, 'bad.js') }).then(
      () => null,
      (e: { errors?: { text: string }[] }) => e,
    );
    expect(err?.errors?.map((e) => e.text).join('\n')).toMatch(message);
  });
});

describe('WGSL kernels fit the browser limits', () => {
  const specs = Object.values(kernels).filter(
    (v): v is kernels.KernelSpec => typeof v === 'object' && v !== null && 'code' in v && 'workgroupSize' in v && 'bindings' in v,
  );

  it('finds the kernel specs', () => {
    expect(specs.length).toBeGreaterThanOrEqual(3);
  });

  it('every kernel: at most 256 invocations per workgroup and 10 storage buffers', () => {
    const over = specs
      .map((s) => ({ name: s.name, invocations: s.workgroupSize.reduce((a, b) => a * b, 1), storage: s.bindings.filter((b) => b !== 'uniform').length }))
      .filter((s) => s.invocations > 256 || s.storage > 10);
    expect(over).toEqual([]);
  });

  it('every @workgroup_size in the WGSL (override defaults applied) is at most 256 invocations', () => {
    const over: string[] = [];
    for (const s of specs) {
      const defaults = new Map([...s.code.matchAll(/override\s+(\w+)\s*:\s*\w+\s*=\s*(\d+)u?/g)].map((m) => [m[1], Number(m[2])]));
      for (const m of s.code.matchAll(/@workgroup_size\(([^)]*)\)/g)) {
        const dims = m[1].split(',').map((d) => d.trim()).filter(Boolean).map((d) => Number(/^\d+u?$/.test(d) ? d.replace('u', '') : defaults.get(d)));
        const invocations = dims.reduce((a, b) => a * b, 1);
        if (!(invocations <= 256)) over.push(`${s.name}: @workgroup_size(${m[1]}) = ${invocations}`);
      }
    }
    expect(over).toEqual([]);
  });
});
