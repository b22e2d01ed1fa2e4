// Resume after kill -9: a distillation killed mid-run and started again with the same command ends
// exactly where an uninterrupted run ends (built bin, WebGPU, toy sizes).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, openSync, readSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSafetensors } from '@pad-gpu/core/node';

const bin = fileURLToPath(new URL('../packages/cli/bin/pad-gpu.js', import.meta.url));
const root = mkdtempSync(path.join(tmpdir(), 'pad-resume-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const env = { ...process.env, PAD_GPU_BACKEND: '', PAD_GPU_ADAPTER: '' };

const ARGS = [
  '--subset', '200', '--test-subset', '200', '--width', '4', '--el2n-epochs', '1', '--num-experts', '2', '--train-epochs', '3', '--add-end-epoch', '1',
  '--syn-steps', '2', '--expert-epochs', '1', '--max-start-epoch', '2', '--eval-epochs', '2', '--eval-runs', '1',
  '--iterations', '8', '--checkpoint-every', '1', '--no-dsa',
];

/** Iterations done according to a checkpoint's metadata (null while there is none). */
function checkpointIteration(file: string): number | null {
  if (!existsSync(file)) return null;
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(8);
    readSync(fd, head, 0, 8, 0);
    const n = Number(head.readBigUInt64LE(0));
    const json = Buffer.alloc(n);
    readSync(fd, json, 0, n, 8);
    return JSON.parse(JSON.parse(json.toString('utf8')).__metadata__.state).iteration;
  } finally {
    closeSync(fd);
  }
}

describe('pad-gpu distill: kill -9 and resume', () => {
  it('loses nothing: the resumed run matches an uninterrupted one', async () => {
    const clean = path.join(root, 'clean');
    const a = spawnSync(process.execPath, [bin, 'distill', '--out', clean, ...ARGS], { encoding: 'utf8', env, timeout: 120_000 });
    expect(a.status, a.stderr).toBe(0);

    // Same EL2N scores and experts (copied), so only the distillation is interrupted.
    const killed = path.join(root, 'killed');
    for (const d of ['el2n', 'experts']) cpSync(path.join(clean, d), path.join(killed, d), { recursive: true });
    const child = spawn(process.execPath, [bin, 'distill', '--out', killed, ...ARGS], { env, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const ck = path.join(killed, 'distill', 'checkpoint.safetensors');
    let at: number | null = null;
    for (let t = 0; t < 1200 && (at === null || at < 3); t++) {
      await new Promise((r) => setTimeout(r, 50));
      at = checkpointIteration(ck);
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(at).not.toBeNull();
    expect(at!).toBeGreaterThanOrEqual(3);
    expect(at!).toBeLessThan(8);

    const b = spawnSync(process.execPath, [bin, 'distill', '--out', killed, ...ARGS], { encoding: 'utf8', env, timeout: 120_000 });
    expect(b.status, b.stderr).toBe(0);
    expect(b.stderr).toMatch(/resuming distillation from .*checkpoint\.safetensors after iteration \d/);
    const ra = JSON.parse(readFileSync(path.join(clean, 'report.json'), 'utf8'));
    const rb = JSON.parse(readFileSync(path.join(killed, 'report.json'), 'utf8'));
    expect(rb.lossCurve.map((r: { iteration: number }) => r.iteration)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(rb.lossCurve.map((r: { loss: number }) => r.loss)).toEqual(ra.lossCurve.map((r: { loss: number }) => r.loss));
    expect(rb.accuracy.evaluations.map((e: { iteration: number }) => e.iteration)).toEqual([0, 8]);
    const [da, db] = [await loadSafetensors(path.join(clean, 'distilled.safetensors')), await loadSafetensors(path.join(killed, 'distilled.safetensors'))];
    for (const k of ['images', 'labels', 'lr']) expect(Array.from(db.tensors[k].data as Float32Array)).toEqual(Array.from(da.tensors[k].data as Float32Array));
  });
});
