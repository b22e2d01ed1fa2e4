import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release } from 'node:os';
import { dirname } from 'node:path';

/** Facts about the machine that a reader of the numbers needs (the machine may be shared). */
export function machineInfo(): Record<string, unknown> {
  const cores = cpus();
  return {
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpu: cores[0]?.model ?? 'unknown',
    cpuCount: cores.length,
    loadAverage: loadavg().map((v) => Number(v.toFixed(2))),
  };
}

/** Writes `data` as pretty JSON, creating the folder. */
export function writeJson(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
}
