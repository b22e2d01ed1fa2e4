/**
 * Distillation benchmark: one PAD iteration of the default CPU preset (ConvNet-3 width 32, Fashion-MNIST
 * geometry 1x28x28, IPC 1 = 10 synthetic images, whole-set minibatches, DSA, α = 0.25) for N = 20, 40,
 * 80 unrolled steps: seconds per iteration and peak pool memory of pad-gpu's constant-memory exact
 * gradient, the same for the store-everything unroll in pad-gpu (N = 20, 40), and the reference-style
 * PyTorch iteration (full unroll, scripts/reference/distill_iteration.py) on the same machine in the
 * same run; also pad-gpu with every step's graph cached (--cache-steps N), the speed-for-memory knob.
 *
 *   node packages/bench/dist/main.js --suite distill [--quick]     (quick: N = 20 only, no PyTorch)
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  type Backend, type WebGpuBackend, add, adapterLabel, cpuBackend, createModel, diffAugment, embeddingCut, liveStorageStats,
  matchGradient, matchGradientFullUnroll, type MatchProblem, randomNormal, scalar, strategyForDataset, unrollPlan, webgpuBackend,
} from '@pad-gpu/core';
import { type SuiteContext, type SuiteResult, registerSuite } from './registry.js';

export interface DistillBenchRow {
  impl: string;
  steps: number;
  secondsPerIteration: number;
  /** Peak bytes of device buffers in use during the iteration (WebGPU pool), or of live storages (CPU). */
  peakBytes: number | null;
}

export interface DistillBenchResult {
  device: string;
  numParams: number;
  rows: DistillBenchRow[];
  torch?: unknown;
  torchError?: string;
}

/** cacheSteps of the `cpu` preset (presets.ts). */
const PRESET_CACHE_STEPS = 5;

const model = createModel('convnet', { channels: 1, height: 28, width: 28, numClasses: 10, netWidth: 32, depth: 3 });

function problem(be: Backend, steps: number): MatchProblem {
  const start = model.init(1, be);
  const noise = randomNormal([model.numParams], { seed: 2, std: 0.01, backend: be });
  const target = add(start, noise);
  noise.dispose();
  const strategy = strategyForDataset('fashion-mnist');
  return {
    model,
    images: randomNormal([10, 1, 28, 28], { seed: 3, backend: be }),
    labels: randomNormal([10, 10], { seed: 4, std: 2, backend: be }),
    lr: scalar(0.01, { backend: be }),
    start,
    target,
    cut: embeddingCut(model.numParams, 0.25),
    plan: unrollPlan(10, 10, steps, 5),
    augment: (x, seed) => diffAugment(x, seed, { strategy }),
  };
}

async function timeOne(be: Backend, steps: number, full: boolean, repeats: number, cacheSteps = 0): Promise<DistillBenchRow> {
  const p = { ...problem(be, steps), cacheSteps };
  const gpu = be.name === 'webgpu' ? (be as WebGpuBackend) : null;
  let peak = 0;
  p.onMemory = () => {
    if (!gpu) peak = Math.max(peak, liveStorageStats().bytes);
  };
  const run = async () => {
    const r = full ? await matchGradientFullUnroll(p) : await matchGradient(p);
    await r.grads.images.data();
    for (const g of Object.values(r.grads)) g.dispose();
  };
  await run(); // warm-up: pipelines compiled, pool filled
  const times: number[] = [];
  gpu?.stream.storagePool.resetPeak();
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await run();
    times.push((performance.now() - t0) / 1000);
  }
  if (gpu) peak = gpu.poolStats().peakBytesInUse;
  for (const t of [p.images, p.labels, p.lr, p.start, p.target]) t.dispose();
  times.sort((a, b) => a - b);
  const impl = full ? 'pad-gpu stored unroll' : cacheSteps ? `pad-gpu exact, --cache-steps ${cacheSteps}` : 'pad-gpu exact, constant memory';
  return { impl, steps, secondsPerIteration: times[Math.floor(times.length / 2)], peakBytes: peak };
}

function torchReference(steps: number[], repeats: number): { result?: unknown; error?: string } {
  const script = fileURLToPath(new URL('../../../scripts/reference/distill_iteration.py', import.meta.url));
  const r = spawnSync('/usr/bin/python3', [script, '--width', '32', '--ipc', '1', '--steps', steps.join(','), '--repeats', String(repeats)], { encoding: 'utf8', timeout: 3_600_000 });
  if (r.error || r.status !== 0) return { error: (r.error?.message ?? r.stderr).trim().split('\n').slice(-3).join(' ') };
  return { result: JSON.parse(r.stdout) };
}

export async function runDistillBench(o: { steps: number[]; repeats: number; engine: 'webgpu' | 'cpu'; torch: boolean; fullSteps?: number[] }): Promise<DistillBenchResult> {
  const be: Backend = o.engine === 'cpu' ? cpuBackend() : await webgpuBackend();
  const device = be.name === 'webgpu' ? adapterLabel((be as WebGpuBackend).ctx.description) : 'float64 JavaScript backend';
  const rows: DistillBenchRow[] = [];
  for (const n of o.steps) rows.push(await timeOne(be, n, false, o.repeats));
  // The `cpu` preset's setting: the last 5 steps' graphs kept (memory bounded by 5 steps, flat in N).
  for (const n of o.steps) rows.push(await timeOne(be, n, false, o.repeats, PRESET_CACHE_STEPS));
  for (const n of o.fullSteps ?? o.steps.filter((n) => n <= 40)) rows.push(await timeOne(be, n, true, 1));
  // The speed knob: every step's graph kept from the forward pass (memory like the stored unroll).
  for (const n of o.fullSteps ?? o.steps.filter((n) => n <= 20)) rows.push(await timeOne(be, n, false, 1, n));
  const res: DistillBenchResult = { device, numParams: model.numParams, rows };
  if (o.torch) {
    const t = torchReference(o.steps, Math.max(1, Math.min(o.repeats, 2)));
    if (t.result) res.torch = t.result;
    else res.torchError = t.error;
  }
  return res;
}

export function renderDistillBench(r: DistillBenchResult): string {
  const mb = (b: number | null) => (b === null ? '-' : `${(b / 2 ** 20).toFixed(1)} MiB`);
  const lines = [`PAD iteration, ConvNet-3 w32 (${r.numParams} params), IPC 1, DSA, on ${r.device}`, 'impl                               N   s/iteration   peak memory'];
  for (const row of r.rows) lines.push(`${row.impl.padEnd(34)} ${String(row.steps).padStart(3)} ${row.secondsPerIteration.toFixed(2).padStart(12)}   ${mb(row.peakBytes)}`);
  const t = r.torch as { threads: number; results: { steps: number; secondsPerIteration: number; savedGraphBytes: number }[] } | undefined;
  if (t) for (const row of t.results) lines.push(`${`PyTorch full unroll (${t.threads} threads)`.padEnd(34)} ${String(row.steps).padStart(3)} ${row.secondsPerIteration.toFixed(2).padStart(12)}   ${mb(row.savedGraphBytes)} (graph)`);
  if (r.torchError) lines.push(`PyTorch reference failed: ${r.torchError}`);
  return lines.join('\n');
}

/** The `distill` suite of the bench runner: quick = N = 20 only, no PyTorch. */
async function run(ctx: SuiteContext): Promise<SuiteResult> {
  const r = await runDistillBench({ steps: ctx.quick ? [20] : [20, 40, 80], repeats: ctx.quick ? 1 : 2, engine: 'webgpu', torch: !ctx.quick, fullSteps: ctx.quick ? [] : undefined });
  ctx.log(renderDistillBench(r));
  const torch = r.torch as { threads: number; results: { steps: number; secondsPerIteration: number; savedGraphBytes: number }[] } | undefined;
  const rows: Record<string, unknown>[] = r.rows.map((row) => ({ impl: row.impl, steps: row.steps, seconds: row.secondsPerIteration, peakMiB: row.peakBytes === null ? null : row.peakBytes / 2 ** 20 }));
  for (const t of torch?.results ?? []) rows.push({ impl: `PyTorch full unroll (${torch!.threads} threads; graph bytes)`, steps: t.steps, seconds: t.secondsPerIteration, peakMiB: t.savedGraphBytes / 2 ** 20 });
  const exact = r.rows.filter((row) => row.impl === 'pad-gpu exact, constant memory');
  const preset = r.rows.filter((row) => row.impl === `pad-gpu exact, --cache-steps ${PRESET_CACHE_STEPS}`);
  const t20 = torch?.results.find((t) => t.steps === 20);
  return {
    rows,
    columns: [
      { key: 'impl', header: 'implementation', align: 'left' },
      { key: 'steps', header: 'N' },
      { key: 'seconds', header: 's/iteration', digits: 2 },
      { key: 'peakMiB', header: 'peak MiB', digits: 1 },
    ],
    summary: {
      secondsPerIterationN20: exact.find((row) => row.steps === 20)?.secondsPerIteration ?? null,
      secondsPerIterationN20PresetCache: preset.find((row) => row.steps === 20)?.secondsPerIteration ?? null,
      peakMemoryFlatInN: exact.every((row) => row.peakBytes === exact[0].peakBytes),
      // The cached steps' graphs hold their steps' augmentation tables, whose size depends on the family
      // each seed draws (crop: one tap, rotate: four), so this peak is flat in N up to that, not bytewise.
      presetPeakMemoryFlatInN: preset[0]?.peakBytes ? preset.every((row) => Math.abs(row.peakBytes! / preset[0].peakBytes! - 1) < 0.05) : null,
      speedupVsTorchN20: t20 && exact[0] ? t20.secondsPerIteration / exact[0].secondsPerIteration : null,
    },
    environment: { device: r.device, numParams: r.numParams, model: 'convnet-d3-w32', ipc: 1, dsa: true, alpha: 0.25 },
  };
}
registerSuite({ name: 'distill', description: 'one PAD iteration of the cpu preset for N = 20, 40, 80: time and peak memory, beside PyTorch', run });
