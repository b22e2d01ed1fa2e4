// Shared vitest settings: tests import sibling packages from source (no build needed), WGSL files load
// as text, and Mesa's EGL gets a display-less platform before any worker starts (PLATFORM.md: setting
// it from a worker thread is too late).
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vitest/config';

process.env.EGL_PLATFORM ??= 'surfaceless';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export function sharedConfig(overrides: UserConfig['test'] = {}): UserConfig {
  return defineConfig({
    resolve: {
      alias: [
        { find: /^@pad-gpu\/kernels$/, replacement: here('./packages/kernels/src/index.ts') },
        { find: /^@pad-gpu\/core\/node$/, replacement: here('./packages/core/src/node.ts') },
        { find: /^@pad-gpu\/core$/, replacement: here('./packages/core/src/index.ts') },
      ],
    },
    plugins: [
      {
        name: 'wgsl-as-text',
        transform(code: string, id: string) {
          if (id.endsWith('.wgsl')) return { code: `export default ${JSON.stringify(code)};`, map: null };
          return null;
        },
      },
    ],
    test: {
      pool: 'forks',
      testTimeout: 120_000,
      hookTimeout: 120_000,
      env: { EGL_PLATFORM: process.env.EGL_PLATFORM },
      ...overrides,
    },
  });
}
