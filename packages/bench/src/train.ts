import { type SuiteContext, type SuiteResult, registerSuite } from './registry.js';
/**
 * Training throughput benchmark: images/s of ConvNet-3 (instance norm) on Fashion-MNIST 1x28x28, batch
 * 256, SGD momentum 0.9 + weight decay, for widths 32 and 128, with pad-gpu's trainModel on WebGPU and
 * with the same network in Debian's PyTorch on this machine's CPU in the same run
 * (scripts/reference/train_throughput.py), as a ratio. It also reports what one training step costs:
 * dispatches per step, and device time per kernel, measured by replaying each kernel's recorded
 * dispatches of one step on their own (submit + onSubmittedWorkDone per kernel).
 *
 *   node packages/bench/dist/train.js [--widths 32,128] [--steps 6] [--no-torch] [--no-kernels]
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { adapterLabel, createModel, loadDataset, slice, tensor, trainModel, webgpuBackend, type Tensor, type WebGpuBackend } from '@pad-gpu/core/node';

export interface KernelCost {
  kernel: string;
  dispatches: number;
  /** Device milliseconds of this kernel's dispatches in one step (replayed alone). */
  ms: number;
}

export interface TrainBenchRow {
  width: number;
  numParams: number;
  imagesPerSecond: number;
  msPerStep: number;
  dispatchesPerStep: number;
  kernels?: KernelCost[];
  /** PyTorch's best over thread counts, and each thread count's rate. */
  torchImagesPerSecond?: number;
  torchThreads?: number;
  torchByThreads?: Record<string, number>;
  /** pad-gpu / PyTorch. */
  ratio?: number;
}

export interface TrainBenchResult {
  device: string;
  batch: number;
  steps: number;
  rows: TrainBenchRow[];
  torch?: { torch: string };
  torchError?: string;
}

type Dispatch = Parameters<WebGpuBackend['stream']['dispatch']>;

/** Records every dispatch `fn` issues (they still run). */
async function recordDispatches(be: WebGpuBackend, fn: () => Promise<unknown>): Promise<Dispatch[]> {
  const stream = be.stream;
  const original = stream.dispatch.bind(stream);
  const log: Dispatch[] = [];
  stream.dispatch = (...a: Dispatch) => {
    log.push(a);
    original(...a);
  };
  try {
    await fn();
  } finally {
    stream.dispatch = original;
  }
  return log;
}

/** Device time per kernel: each kernel's dispatches from the log replayed in one submit (median of 3). */
async function kernelCosts(be: WebGpuBackend, log: Dispatch[]): Promise<KernelCost[]> {
  const byKernel = new Map<string, Dispatch[]>();
  for (const d of log) byKernel.set(d[0].name, [...(byKernel.get(d[0].name) ?? []), d]);
  const out: KernelCost[] = [];
  for (const [kernel, ds] of byKernel) {
    const times: number[] = [];
    for (let r = 0; r < 3; r++) {
      await be.sync();
      const t0 = performance.now();
      for (const d of ds) be.stream.dispatch(...d);
      await be.sync();
      times.push(performance.now() - t0);
    }
    out.push({ kernel, dispatches: ds.length, ms: times.sort((a, b) => a - b)[1] });
  }
  return out.sort((a, b) => b.ms - a.ms);
}

async function benchWidth(be: WebGpuBackend, images: Tensor, labels: Tensor, width: number, batch: number, steps: number, kernels: boolean): Promise<TrainBenchRow> {
  const model = createModel('convnet', { channels: 1, height: 28, width: 28, numClasses: 10, netWidth: width, depth: 3 });
  const opts = { epochs: 1, lr: 0.01, momentum: 0.9, weightDecay: 5e-4, batch, reportEvery: 1_000_000 };
  // One epoch over the first n images: n / batch steps, one readback at the end.
  const run = async (n: number) => {
    const x = slice(images, [0, 0, 0, 0], [n, 1, 28, 28]);
    const y = slice(labels, [0], [n]);
    const res = await trainModel(model, { ...opts, images: x, labels: y });
    for (const t of [x, y, res.params]) t.dispose();
    return res;
  };
  await run(2 * batch); // warm-up: pipelines compiled, buffer pool filled
  const before = be.stream.totalDispatches;
  const t0 = performance.now();
  await run(steps * batch);
  const seconds = (performance.now() - t0) / 1000;
  const row: TrainBenchRow = {
    width, numParams: model.numParams, imagesPerSecond: (steps * batch) / seconds, msPerStep: (seconds * 1000) / steps,
    dispatchesPerStep: (be.stream.totalDispatches - before) / steps,
  };
  if (kernels) row.kernels = await kernelCosts(be, await recordDispatches(be, () => run(batch)));
  return row;
}

interface TorchResult {
  torch: string;
  threads: number;
  results: { width: number; imagesPerSecond: number; threads: number; byThreads: Record<string, number> }[];
}

function torchReference(widths: number[], steps: number): { result?: TorchResult; error?: string } {
  const script = fileURLToPath(new URL('../../../scripts/reference/train_throughput.py', import.meta.url));
  const r = spawnSync('/usr/bin/python3', [script, '--widths', widths.join(','), '--steps', String(steps)], { encoding: 'utf8', timeout: 1_800_000 });
  if (r.error || r.status !== 0) return { error: (r.error?.message ?? r.stderr).trim().split('\n').slice(-3).join(' ') };
  return { result: JSON.parse(r.stdout) };
}

export async function runTrainBench(o: { widths: number[]; steps: number; batch?: number; torch: boolean; kernels: boolean }): Promise<TrainBenchResult> {
  const batch = o.batch ?? 256;
  const be = await webgpuBackend();
  const ds = await loadDataset('fashion-mnist', { split: 'train' });
  const n = Math.min(ds.n, Math.max(o.steps, 2) * batch);
  const norm = ds.images.subarray(0, n * 784).map((p) => (p - 0.2861) / 0.353);
  const images = tensor(norm, [n, 1, 28, 28], { backend: be });
  const labels = tensor(ds.labels.subarray(0, n), [n], { dtype: 'i32', backend: be });
  const rows: TrainBenchRow[] = [];
  for (const w of o.widths) rows.push(await benchWidth(be, images, labels, w, batch, o.steps, o.kernels));
  const res: TrainBenchResult = { device: adapterLabel(be.ctx.description), batch, steps: o.steps, rows };
  if (o.torch) {
    const t = torchReference(o.widths, o.steps);
    if (t.result) {
      res.torch = { torch: t.result.torch };
      for (const row of rows) {
        const tr = t.result.results.find((r) => r.width === row.width);
        if (tr) Object.assign(row, { torchImagesPerSecond: tr.imagesPerSecond, torchThreads: tr.threads, torchByThreads: tr.byThreads, ratio: row.imagesPerSecond / tr.imagesPerSecond });
      }
    } else res.torchError = t.error;
  }
  be.ctx.destroy();
  return res;
}

export function renderTrainBench(r: TrainBenchResult): string {
  const lines = [`Training throughput, ConvNet-3 on Fashion-MNIST 1x28x28, batch ${r.batch}, ${r.steps} timed steps, on ${r.device}`];
  lines.push('width   params   pad-gpu img/s   ms/step   dispatches/step   PyTorch img/s   ratio');
  for (const row of r.rows) {
    lines.push(`${String(row.width).padStart(5)} ${String(row.numParams).padStart(8)} ${row.imagesPerSecond.toFixed(0).padStart(15)} ${row.msPerStep.toFixed(0).padStart(9)} ${row.dispatchesPerStep.toFixed(0).padStart(17)} ${(row.torchImagesPerSecond?.toFixed(0) ?? '-').padStart(15)} ${(row.ratio?.toFixed(2) ?? '-').padStart(7)}`);
  }
  if (r.torch) {
    const by = r.rows.map((row) => `w${row.width}: ${Object.entries(row.torchByThreads ?? {}).map(([t, v]) => `${t} thread${t === '1' ? '' : 's'} ${v.toFixed(0)}`).join(', ')}`);
    lines.push(`PyTorch ${r.torch.torch} CPU, best thread count per width (${by.join('; ')} img/s)`);
  }
  if (r.torchError) lines.push(`PyTorch reference failed: ${r.torchError}`);
  for (const row of r.rows) {
    if (!row.kernels) continue;
    const total = row.kernels.reduce((a, k) => a + k.ms, 0);
    lines.push('', `width ${row.width}: device time per step by kernel (replayed alone; sum ${total.toFixed(0)} ms)`);
    for (const k of row.kernels.slice(0, 12)) lines.push(`  ${k.kernel.padEnd(22)} ${String(k.dispatches).padStart(5)} dispatches ${k.ms.toFixed(1).padStart(9)} ms ${((100 * k.ms) / total).toFixed(0).padStart(4)}%`);
  }
  return lines.join('\n');
}

registerSuite({
  name: 'train',
  description: 'training throughput (images/s) of ConvNet-3 width 32 and 128 on Fashion-MNIST, batch 256, beside PyTorch CPU',
  async run(ctx: SuiteContext): Promise<SuiteResult> {
    const r = await runTrainBench({ widths: ctx.quick ? [32] : [32, 128], steps: ctx.quick ? 2 : 6, torch: !ctx.quick, kernels: !ctx.quick });
    ctx.log(renderTrainBench(r));
    const rows = r.rows.map((row) => ({ width: row.width, params: row.numParams, imagesPerSecond: row.imagesPerSecond, msPerStep: row.msPerStep, dispatchesPerStep: row.dispatchesPerStep, torchImagesPerSecond: row.torchImagesPerSecond ?? null, ratio: row.ratio ?? null }));
    return {
      rows,
      columns: [
        { key: 'width', header: 'width' },
        { key: 'params', header: 'params' },
        { key: 'imagesPerSecond', header: 'pad-gpu img/s', digits: 0 },
        { key: 'msPerStep', header: 'ms/step', digits: 0 },
        { key: 'dispatchesPerStep', header: 'dispatches/step', digits: 0 },
        { key: 'torchImagesPerSecond', header: 'PyTorch img/s', digits: 0 },
        { key: 'ratio', header: 'ratio', digits: 2 },
      ],
      summary: Object.fromEntries(r.rows.map((row) => [`imagesPerSecondW${row.width}`, row.imagesPerSecond])),
      environment: { device: r.device, batch: r.batch, steps: r.steps, torch: r.torch ?? null },
    };
  },
});
