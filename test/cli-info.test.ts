// `pad-gpu info` as a user runs it: the built bin in a fresh Node process (npm run build first;
// `npm test` does that through turbo). On this project's GPU-less machines it must find Mesa's
// llvmpipe, call it a CPU adapter and pass the self-test.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../packages/cli/bin/pad-gpu.js', import.meta.url));
const builtFiles = ['../packages/cli/dist/main.js', '../packages/core/dist/index.js', '../packages/kernels/dist/index.js'];

function padGpu(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, PAD_GPU_BACKEND: '', PAD_GPU_ADAPTER: '', ...env },
  });
  if (run.error) throw run.error;
  return { code: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  const missing = builtFiles.filter((f) => !existsSync(fileURLToPath(new URL(f, import.meta.url))));
  if (missing.length) throw new Error(`not built: ${missing.join(', ')}; run 'npm run build' first`);
});

describe('pad-gpu info (built bin)', () => {
  it('--json: one JSON object on stdout, a CPU llvmpipe adapter, self-test PASS, exit 0', () => {
    const r = padGpu(['info', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(true);
    expect(report.isCpu).toBe(true);
    expect(report.adapter.device).toMatch(/llvmpipe/);
    expect(report.backend).toBe('opengl');
    expect(report.selfTest.pass).toBe(true);
    expect(report.selfTest.checks.length).toBeGreaterThanOrEqual(3);
    for (const c of report.selfTest.checks) expect(c.failures).toBe(0);
    expect(report.limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 1024 * 1024);
    expect(report.limits.maxComputeInvocationsPerWorkgroup).toBeGreaterThanOrEqual(256);
    expect(Object.keys(report.limits)).toEqual([
      'maxStorageBufferBindingSize',
      'maxBufferSize',
      'maxComputeWorkgroupStorageSize',
      'maxComputeInvocationsPerWorkgroup',
      'maxStorageBuffersPerShaderStage',
      'maxComputeWorkgroupsPerDimension',
    ]);
  });

  it('text output names the adapter, says CPU and prints PASS, exit 0', () => {
    const r = padGpu(['info']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^adapter +llvmpipe/m);
    expect(r.stdout).toMatch(/^CPU adapter +yes/m);
    expect(r.stdout).toMatch(/^self-test +PASS /m);
  });

  it('an unknown flag exits 2 naming the flag and the valid ones', () => {
    const r = padGpu(['info', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("unknown flag --frobnicate for 'pad-gpu info'. Valid flags: --json, --list, --backend, --adapter, --help");
  });

  it('a forced adapter that does not exist exits 1 with the list of adapters (also via PAD_GPU_ADAPTER)', () => {
    const r = padGpu(['info', '--json'], { PAD_GPU_ADAPTER: 'no-such-gpu' });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(false);
    expect(report.error).toMatch(/'no-such-gpu'[\s\S]*Adapters on this machine:\n {2}- .*llvmpipe/);
  });

  it('--list --json lists the llvmpipe adapters of both OpenGL backends', () => {
    const r = padGpu(['info', '--list', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { adapters } = JSON.parse(r.stdout);
    const backends = adapters.filter((a: { device: string }) => /llvmpipe/.test(a.device)).map((a: { backend: string }) => a.backend);
    expect(backends).toEqual(expect.arrayContaining(['opengl', 'opengles']));
  });
});
