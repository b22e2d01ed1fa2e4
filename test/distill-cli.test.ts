// `pad-gpu distill` as a user runs it (the built bin, a fresh Node process, WebGPU on whatever adapter
// the machine has): a short end-to-end run at toy sizes, its outputs (loadable by PyTorch), and the
// errors bad flags and bad files give.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSafetensors } from '@pad-gpu/core/node';

const bin = fileURLToPath(new URL('../packages/cli/bin/pad-gpu.js', import.meta.url));
const root = mkdtempSync(path.join(tmpdir(), 'pad-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Toy sizes: 200 training and 200 test images, ConvNet width 4, 2 experts x 3 epochs, N = 2. */
const EXPERTS = ['--subset', '200', '--test-subset', '200', '--width', '4', '--el2n-epochs', '1', '--num-experts', '2', '--train-epochs', '3', '--add-end-epoch', '1'];
const TOY = [...EXPERTS, '--syn-steps', '2', '--expert-epochs', '1', '--max-start-epoch', '2', '--eval-epochs', '2', '--eval-runs', '1'];

function padGpu(args: string[], timeout = 120_000) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout, env: { ...process.env, PAD_GPU_BACKEND: '', PAD_GPU_ADAPTER: '' } });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('pad-gpu distill (built bin)', () => {
  it('a short run end to end: summary, distilled.safetensors, report.json, PNG grids', async () => {
    const out = path.join(root, 'run');
    const r = padGpu(['distill', '--out', out, '--iterations', '3', ...TOY]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/initial set \(real images, soft labels\): +\d+\.\d+% ± \d+\.\d+%/);
    expect(r.stdout).toMatch(/distilled set: +\d+\.\d+% ± \d+\.\d+% \(after 3 iterations\)/);
    expect(r.stdout).toMatch(/distilled set +.*distilled\.safetensors/);
    expect(r.stderr).toMatch(/distill \(N=2, IPC 1\) \[#+\] 3\/3 100%/);
    const f = await loadSafetensors(path.join(out, 'distilled.safetensors'));
    expect(f.tensors.images.shape).toEqual([10, 1, 28, 28]);
    expect(f.tensors.labels.shape).toEqual([10, 10]);
    expect(f.tensors.lr.shape).toEqual([]);
    expect(Array.from(f.tensors.classes.data as Int32Array)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(JSON.parse(f.metadata.provenance).dataset).toBe('fashion-mnist');
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(report.lossCurve.length).toBe(3);
    expect(report.accuracy.initial.iteration).toBe(0);
    expect(report.accuracy.distilled.iteration).toBe(3);
    expect(report.device.engine).toBe('webgpu');
    expect(Object.keys(report.timings)).toEqual(expect.arrayContaining(['data', 'el2n', 'experts', 'distill', 'distillLoop', 'evaluation']));
    for (const g of report.files.grids) expect(readFileSync(g).subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
    // PyTorch reads it (header JSON + raw little-endian data; no safetensors package needed).
    if (existsSync('/usr/bin/python3')) {
      const py = [
        'import json, struct, sys, torch',
        'b = open(sys.argv[1], "rb").read(); n = struct.unpack("<Q", b[:8])[0]; h = json.loads(b[8:8 + n])',
        'e = h["images"]; s, t = e["data_offsets"]',
        'x = torch.frombuffer(bytearray(b[8 + n + s:8 + n + t]), dtype=torch.float32).view(e["shape"])',
        'print(tuple(x.shape), bool(torch.isfinite(x).all()))',
      ].join('\n');
      const p = spawnSync('/usr/bin/python3', ['-c', py, path.join(out, 'distilled.safetensors')], { encoding: 'utf8' });
      expect(p.stdout.trim(), p.stderr).toBe('(10, 1, 28, 28) True');
    }
    // Rerunning a finished run only re-reads it: every stage is found complete.
    const again = padGpu(['distill', '--out', out, '--iterations', '3', ...TOY]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/EL2N scores already in/);
  });

  it('bad flags exit 2 naming the flag', () => {
    const cases: [string[], RegExp][] = [
      [['--alpha', '1'], /--alpha must be at most 0\.99/],
      [['--max-start-epoch', '0'], /--max-start-epoch must be at least 1/],
      [['--max-start-epoch', '5', '--train-epochs', '4'], /need expert epoch 6, but experts train --train-epochs 4/],
      [['--shard', '0/2'], /unknown flag --shard for 'pad-gpu distill'/],
      [['--preset', 'cifar11'], /--preset must be one of/],
      [['--rm-epoch-first', '3'], /late removal needs all of/],
      [['--lr-img', 'fast'], /--lr-img expects a number, got 'fast'/],
    ];
    for (const [args, msg] of cases) {
      const r = padGpu(['distill', '--out', path.join(root, 'bad'), ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
    const s = padGpu(['experts', '--shard', '3/2']);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/--shard must be i\/n with 0 <= i < n/);
  });

  it('bad files exit 1 naming the file', () => {
    const missing = padGpu(['distill', '--out', path.join(root, 'nodata'), '--data-dir', path.join(root, 'no-such-folder'), ...TOY]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no-such-folder/);
    const out = path.join(root, 'corrupt');
    const ok = padGpu(['experts', '--out', out, ...EXPERTS]);
    expect(ok.code, ok.stderr).toBe(0);
    writeFileSync(path.join(out, 'experts', 'expert_0001.safetensors'), 'garbage');
    const r = padGpu(['distill', '--out', out, '--iterations', '2', ...TOY]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/expert_0001\.safetensors/);
  });
});
