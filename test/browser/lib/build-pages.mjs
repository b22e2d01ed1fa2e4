// Builds everything the demo and the browser tests serve into one folder:
//   pad-gpu-core.js  the browser bundle of @pad-gpu/core, exactly as packages/core ships it
//   index.html demo.js demo.css   the demo page (demo/)
//   embed.html                    the embedding example of docs/browser.md
//   suite.html suite.js           the in-page op test suite (suite/)
// Pages import '@pad-gpu/core' through an import map that points at the bundle, so they exercise the
// shipped bundle the way an embedding web app would, not a private copy of the core.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBrowserBundle } from '../../../packages/core/scripts/build-browser.mjs';

const here = fileURLToPath(new URL('..', import.meta.url));

/** Returns the core bundle's size report from build-browser.mjs. */
export async function buildPages(outdir) {
  mkdirSync(outdir, { recursive: true });
  const core = await buildBrowserBundle({ outfile: join(outdir, 'pad-gpu-core.js') });
  await build({
    entryPoints: { demo: join(here, 'demo/src/main.ts'), suite: join(here, 'suite/page.ts') },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'linked',
    external: ['@pad-gpu/core'],
    logLevel: 'warning',
  });
  copyFileSync(join(here, 'demo/index.html'), join(outdir, 'index.html'));
  copyFileSync(join(here, 'demo/demo.css'), join(outdir, 'demo.css'));
  copyFileSync(join(here, 'demo/embed.html'), join(outdir, 'embed.html'));
  copyFileSync(join(here, 'suite/suite.html'), join(outdir, 'suite.html'));
  return core;
}
