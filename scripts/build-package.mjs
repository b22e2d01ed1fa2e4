// Builds one workspace package: esbuild bundles each entry to dist/ (ESM, sibling packages and
// npm dependencies left external), then tsc writes the type declarations.
// Usage (from a package folder): node ../../scripts/build-package.mjs src/index.ts [src/other.ts ...]
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const entries = process.argv.slice(2);
if (entries.length === 0) throw new Error('build-package: name at least one entry (e.g. src/index.ts)');

await build({
  entryPoints: entries,
  outdir: 'dist',
  outbase: 'src',
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  // webgpu: dawn.node is resolved relative to its own package, so it must stay external (PLATFORM.md).
  packages: 'external',
  external: ['node:*'],
  loader: { '.wgsl': 'text' },
  logLevel: 'warning',
});

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--emitDeclarationOnly', '--outDir', 'dist'], {
  stdio: 'inherit',
});
