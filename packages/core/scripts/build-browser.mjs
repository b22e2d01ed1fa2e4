// Builds the browser bundle of @pad-gpu/core: dist/browser/pad-gpu-core.js (one ESM file, minified,
// with a source map and type declarations pointing at the package build's dist/index.d.ts).
// The browser path must never pull in Node: any `node:` import, Node builtin or the `webgpu` (Dawn)
// package reached from src/index.ts fails the build, with the importing file named.
// Usage (from packages/core): node scripts/build-browser.mjs   (run after the package build for the .d.ts)
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const NODE_BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));

/** The import specifiers that mean Node-only code; the reason goes into the error message. */
function forbidden(path) {
  if (path.startsWith('node:')) return 'a node: builtin';
  if (NODE_BUILTINS.has(path.split('/')[0])) return 'a Node builtin';
  if (path === 'webgpu' || path.startsWith('webgpu/')) return 'Dawn, Node only: browsers use navigator.gpu';
  return null;
}

const browserGuard = {
  name: 'browser-guard',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      const why = forbidden(args.path);
      if (!why) return undefined;
      const from = relative(pkgDir, args.importer) || args.importer;
      return { errors: [{ text: `'${args.path}' (${why}) imported by ${from} is on the browser path; move it to src/node.ts` }] };
    });
  },
};

/** Second line of defence: static or literal dynamic imports of Node modules left in the output text. */
function scanOutput(text) {
  const found = [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]).filter(forbidden);
  if (found.length) throw new Error(`browser bundle imports Node-only modules: ${[...new Set(found)].join(', ')}`);
}

/**
 * Unguarded Node globals in our own sources on the browser path (`process.cpuUsage()`, `Buffer.from`):
 * they bundle fine and then throw ReferenceError in a page. Guarded reads (`globalThis.process?.env`)
 * are preceded by a dot and not reported. Returned as warnings; the browser test fails on them.
 */
function nodeGlobalUses(inputs) {
  const uses = [];
  for (const file of inputs) {
    if (file.includes('node_modules') || !/\.[cm]?[jt]s$/.test(file)) continue;
    readFileSync(join(process.cwd(), file), 'utf8').split('\n').forEach((line, i) => {
      const code = line.replace(/\/\*.*?\*\//g, '').replace(/\/\/.*$/, '');
      if (/^\s*(\/\*|\*)/.test(code)) return;
      const m = code.match(/(?<![.\w$])(?:(process|Buffer)\s*\.\s*[A-Za-z_$]|(require)\s*\(\s*['"]|(__dirname|__filename)\b)/);
      if (m) uses.push(`${relative(pkgDir, join(process.cwd(), file))}:${i + 1}: ${m[1] ?? m[2] ?? m[3]}`);
    });
  }
  return uses;
}

/**
 * Bundles src/index.ts for browsers into `outfile`. @pad-gpu/kernels is bundled from source (its WGSL
 * files as text), so the bundle is self-contained and reflects the working tree.
 */
export async function buildBrowserBundle({
  entry = join(pkgDir, 'src/index.ts'),
  outfile = join(pkgDir, 'dist/browser/pad-gpu-core.js'),
  minify = true,
} = {}) {
  mkdirSync(dirname(outfile), { recursive: true });
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify,
    sourcemap: 'linked',
    alias: { '@pad-gpu/kernels': join(pkgDir, '../kernels/src/index.ts') },
    loader: { '.wgsl': 'text' },
    plugins: [browserGuard],
    metafile: true,
    logLevel: 'silent',
  });
  const text = readFileSync(outfile, 'utf8');
  scanOutput(text);
  const inputs = Object.keys(result.metafile.inputs);
  const dawn = inputs.filter((p) => /node_modules\/webgpu\//.test(p));
  if (dawn.length) throw new Error(`browser bundle contains the webgpu (Dawn) package: ${dawn.join(', ')}`);
  return { outfile, bytes: Buffer.byteLength(text), gzipBytes: gzipSync(text).length, inputs: inputs.length, nodeGlobals: nodeGlobalUses(inputs) };
}

/** Types for the bundle: the package build's declarations (dist/index.d.ts) describe the same exports. */
function writeDeclarations(outfile) {
  const dts = outfile.replace(/\.js$/, '.d.ts');
  writeFileSync(dts, "// Types of the browser bundle: the same exports as the package entry.\nexport * from '../index.js';\n");
  if (!existsSync(join(pkgDir, 'dist/index.d.ts'))) {
    console.warn('build-browser: dist/index.d.ts is missing; run the package build (npm run build) for the declarations');
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const r = await buildBrowserBundle();
    writeDeclarations(r.outfile);
    const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
    console.log(`browser bundle ${relative(process.cwd(), r.outfile)}: ${kib(r.bytes)} minified, ${kib(r.gzipBytes)} gzip (${r.inputs} inputs)`);
    for (const u of r.nodeGlobals) console.warn(`build-browser: warning: unguarded Node global on the browser path: ${u}`);
  } catch (e) {
    // esbuild's own errors already carry file and line; print them without a stack trace.
    const errors = e?.errors?.map((x) => `${x.location ? `${x.location.file}:${x.location.line}: ` : ''}${x.text}`);
    console.error(`build-browser failed:\n${errors?.join('\n') ?? e?.message ?? e}`);
    process.exit(1);
  }
}
