/**
 * What `pad-gpu el2n`, `experts` and `distill` share: opening the device, turning flags into a run,
 * drawing a progress bar with ETA per stage, and reporting where the outputs went.
 */
import * as path from 'node:path';
import { type Backend, DistillDivergedError, type PadHooks, type PadResult, type Stage, adapterLabel, checkpointFile, cpuBackend, runPad, webgpuBackend } from '@pad-gpu/core/node';
import type { CommandIO } from '../command.js';
import { deviceOptions } from '../device-flags.js';
import { Progress, formatDuration } from '../progress.js';
import { type resolvePreset, removalOf, shardOf } from './pad-flags.js';

export interface Device {
  backend: Backend;
  isCpu: boolean;
  description: Record<string, unknown>;
  label: string;
}

export async function openDevice(f: { engine?: string; backend?: string; adapter?: string }): Promise<Device> {
  if (f.engine === 'cpu') {
    return { backend: cpuBackend(), isCpu: true, description: { engine: 'cpu', note: 'float64 JavaScript reference backend' }, label: 'the float64 JavaScript backend' };
  }
  const be = await webgpuBackend(deviceOptions(f as Parameters<typeof deviceOptions>[0]));
  const d = be.ctx.description;
  return { backend: be, isCpu: d.isCpu, description: { engine: 'webgpu', ...d, label: adapterLabel(d) }, label: adapterLabel(d) };
}

/** One progress bar per stage on stderr; log lines print above the bar. */
export function progressHooks(io: CommandIO): PadHooks {
  const bars = new Map<Stage, Progress>();
  let last: Progress | null = null;
  return {
    log: (m) => (last ? last.log(m) : io.err(m)),
    begin: (stage, total, unit, label) => {
      bars.get(stage)?.finish();
      const bar = new Progress({ label: label ?? stage, total, unit, stream: io.progressStream });
      bars.set(stage, bar);
      last = bar;
      bar.update(0);
    },
    progress: (stage, done, fields) => bars.get(stage)?.update(done, fields),
    end: (stage) => {
      bars.get(stage)?.finish();
      bars.delete(stage);
      last = [...bars.values()].pop() ?? null;
    },
  };
}

export interface RunFlags {
  out: string;
  dataDir?: string;
  seed: number;
  noDsa: boolean;
  checkpointEvery?: number;
  thetaStore?: string;
  cacheSteps?: number;
}

export async function runStages(
  f: RunFlags & Parameters<typeof resolvePreset>[0],
  resolved: ReturnType<typeof resolvePreset>,
  device: Device,
  io: CommandIO,
  until: 'el2n' | 'experts' | 'distill',
): Promise<PadResult | null> {
  const out = path.resolve(f.out);
  io.err(`pad-gpu: preset ${resolved.name} (${resolved.preset.dataset}, IPC ${resolved.preset.ipc}) on ${device.label}; run folder ${out}`);
  try {
    return await runPad({
      out, preset: resolved.preset, removal: removalOf(f), dataDir: f.dataDir, seed: f.seed, dsa: !f.noDsa,
      checkpointEvery: f.checkpointEvery ?? 10, thetaStore: f.thetaStore as 'host' | 'device' | undefined, cacheSteps: f.cacheSteps,
      backend: device.backend, device: device.description, shard: shardOf(f), until, hooks: progressHooks(io),
    });
  } catch (e) {
    if (e instanceof DistillDivergedError) {
      throw new Error(`${e.message}. The run stopped; the last good checkpoint is ${checkpointFile(out)} (lower --lr-img / --lr-lr, or resume with other settings in a new --out)`);
    }
    throw e;
  }
}

const pct = (v: number) => `${(v * 100).toFixed(2)}%`;

/** The summary `pad-gpu distill` prints: accuracies and where everything went. */
export function renderSummary(res: PadResult): string {
  const r = res.report as {
    accuracy: { initial?: { mean: number; std: number }; distilled?: { mean: number; std: number; iteration: number } };
    learnedLr: number; timings: { totalThisRun: number; secondsPerIteration: number | null }; skippedIterations: number;
    lossCurve: unknown[]; warnings: string[];
    files: { distilled: string; report: string; checkpoint: string; grids: string[]; el2n: string | null; experts: string[] };
  };
  // Paths below the working directory print relative; others (e.g. --out /tmp/run) absolute.
  const rel = (p: string) => {
    const r = path.relative(process.cwd(), p);
    return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : path.resolve(p);
  };
  const a = r.accuracy;
  const lines = [
    `PAD distillation done in ${formatDuration(r.timings.totalThisRun)} (this run; ${r.lossCurve.length} iterations, ${r.skippedIterations} skipped by the loss threshold${r.timings.secondsPerIteration ? `, ${r.timings.secondsPerIteration.toFixed(2)} s/iteration` : ''})`,
    `  initial set (real images, soft labels): ${a.initial ? `${pct(a.initial.mean)} ± ${pct(a.initial.std)}` : 'not evaluated'}`,
    `  distilled set:                          ${a.distilled ? `${pct(a.distilled.mean)} ± ${pct(a.distilled.std)} (after ${a.distilled.iteration} iterations)` : 'not evaluated'}`,
    `  learned lr: ${r.learnedLr.toPrecision(4)}`,
    ...r.warnings.map((w) => `  warning: ${w}`),
    'outputs:',
    `  distilled set   ${rel(r.files.distilled)}`,
    `  report          ${rel(r.files.report)}`,
    `  image grids     ${r.files.grids.map(rel).join(', ')}`,
    `  checkpoint      ${rel(r.files.checkpoint)}`,
    `  experts         ${r.files.experts.length} files in ${rel(path.dirname(r.files.experts[0] ?? '.'))}`,
  ];
  if (r.files.el2n) lines.push(`  EL2N scores     ${rel(r.files.el2n)}`);
  return lines.join('\n');
}
