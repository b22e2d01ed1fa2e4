import type { AdapterDescription } from '@pad-gpu/core';
import type { InfoReport } from './info.js';

/** Byte limits (names ending in Size) as '134,217,728 (128 MiB)'; counts as '65,535'. */
export function formatLimit(name: string, v: number): string {
  const grouped = v.toLocaleString('en-US');
  if (!name.endsWith('Size') || v < 1024) return grouped;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let x = v / 1024;
  let u = 0;
  while (x >= 1024 && u < units.length - 1) {
    x /= 1024;
    u++;
  }
  return Number.isInteger(x) ? `${grouped} (${x} ${units[u]})` : grouped;
}

function rows(pairs: [string, string][], width: number, indent = ''): string[] {
  return pairs.map(([k, v]) => `${indent}${k.padEnd(width)}${v}`);
}

function selfTestLine(r: NonNullable<InfoReport['selfTest']>): string {
  const ms = `${Math.round(r.ms)} ms`;
  if (r.error) return `FAIL  ${r.error}`;
  const failed = r.checks.filter((c) => !c.pass);
  if (failed.length > 0) {
    const c = failed[0];
    return `FAIL  ${c.name}: ${c.failures} of ${c.elements} values outside ${c.tolerance} (worst abs ${c.maxAbsError.toExponential(2)}, rel ${c.maxRelError.toExponential(2)})`;
  }
  const worst = Math.max(...r.checks.map((c) => c.maxRelError));
  return `PASS  ${r.checks.map((c) => c.name).join(', ')} vs JavaScript (worst rel error ${worst.toExponential(1)}, ${ms})`;
}

/** The text of `pad-gpu info`. */
export function renderInfo(r: InfoReport): string {
  if (r.error !== undefined || !r.adapter || !r.limits || !r.selfTest) {
    return `device       FAIL  no usable WebGPU device\n\n${r.error ?? 'unknown error'}`;
  }
  const a = r.adapter;
  const name = [a.vendor, a.architecture, a.device].filter(Boolean).join(' / ') || 'unnamed';
  const limits = Object.entries(r.limits).map(([k, v]): [string, string] => [k, formatLimit(k, v)]);
  const width = Math.max(...limits.map(([k]) => k.length)) + 4;
  return [
    ...rows([
      ['backend', `${r.backend} (${r.featureLevel} feature level)`],
      ['adapter', a.description ? `${name} (${a.description})` : name],
      ['CPU adapter', r.isCpu ? 'yes (software rasteriser or fallback adapter: works everywhere, far slower than a GPU)' : 'no (hardware GPU)'],
    ], width),
    'limits',
    ...rows(limits, width - 2, '  '),
    ...rows([
      ['features', r.features?.length ? r.features.join(', ') : '(none)'],
      ['self-test', selfTestLine(r.selfTest)],
    ], width),
  ].join('\n');
}

/** The text of `pad-gpu info --list`. */
export function renderAdapterList(adapters: (AdapterDescription & { label: string })[]): string {
  if (adapters.length === 0) return 'No WebGPU adapter on this machine. On Debian/Ubuntu without a GPU: npm run setup (installs Mesa EGL).';
  return [`${adapters.length} WebGPU adapter${adapters.length === 1 ? '' : 's'}:`, ...adapters.map((a) => `  - ${a.label}`)].join('\n');
}
