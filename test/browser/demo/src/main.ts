/**
 * The demo page: picks a backend, loads Fashion-MNIST (served or picked), prepares PAD (EL2N,
 * expert, synthetic init) and runs the distillation loop with live images, loss curve, evaluation,
 * pause/resume and a safetensors download. `window.padDemo` exposes the run's numbers to scripts.
 */
import { encodeSafetensors, setBackend, type DataSource } from '@pad-gpu/core';
import { chooseBackend } from './backend-choice.js';
import { loadSets, pickedSource, servedSource } from './data/load.js';
import { DistillLoop } from './loop.js';
import type { DistillRun } from './pad/api.js';
import { PRESETS } from './pad/presets.js';
import { preparePad } from './pad/library/prepare.js';
import { type LossPoint, drawLossChart } from './ui/chart.js';
import { downloadBytes } from './ui/download.js';
import { drawGrid } from './ui/grid.js';
import { el, enable, log, setState, setText, showBanner } from './ui/view.js';

const query = new URLSearchParams(location.search);
const losses: LossPoint[] = [];
const debug = { losses, accuracies: [] as number[], backend: '', initialImages: null as Float32Array | null, images: null as Float32Array | null };
(globalThis as { padDemo?: typeof debug }).padDemo = debug;

let run: DistillRun | null = null;
let loop: DistillLoop | null = null;
let classNames: readonly string[] = [];

function presetName(): string {
  return el<HTMLSelectElement>('preset').value;
}

function showImages(r: DistillRun, images: Float32Array): void {
  debug.images = images;
  const cols = r.config.ipc === 1 ? r.classes : r.config.ipc;
  drawGrid(el<HTMLCanvasElement>('grid'), images, r.imageShape, cols);
  const names = classNames.length ? classNames.join(', ') : `classes 0-${r.classes - 1}`;
  setText('grid-caption', r.config.ipc === 1 ? `Synthetic images, one per class: ${names}` : `Synthetic images, one row per class (${r.config.ipc} each): ${names}`);
}

async function prepare(source: DataSource, backend: Parameters<typeof preparePad>[2]): Promise<void> {
  enable(['use-served', 'files'], false);
  await loop?.pause();
  run?.dispose();
  run = null;
  losses.length = 0;
  debug.accuracies.length = 0;
  const preset = PRESETS[presetName()];
  setState('preparing');
  const { train, test } = await loadSets(source, preset.trainPerClass, preset.testCount, preset.pad.seed);
  classNames = train.classNames ?? [];
  log(`data: ${train.n} training images (${preset.trainPerClass} per class), ${test.n} test images, ${train.numClasses} classes`);
  const t0 = performance.now();
  const r = await preparePad(train, preset.pad, backend, (stage, done, total) => setText('stage', `${stage}: ${done} / ${total}`));
  run = r;
  setText('stage', `prepared in ${((performance.now() - t0) / 1000).toFixed(1)} s (EL2N, expert, synthetic init)`);
  debug.initialImages = await r.images();
  showImages(r, debug.initialImages);
  loop = new DistillLoop(r, test, preset.evalEvery, {
    onIteration: (it) => {
      losses.push({ iteration: it.iteration, loss: it.loss, skipped: it.skipped, ms: Math.round(it.ms) });
      setText('iteration', String(it.iteration + 1));
      setText('loss', `${it.loss.toFixed(4)}${it.skipped ? ' (skipped: above threshold)' : ''}`);
      setText('lr', it.syntheticLr.toExponential(3));
      drawLossChart(el<HTMLCanvasElement>('loss-chart'), losses);
    },
    onImages: (images) => showImages(r, images),
    onEvaluation: (acc, iteration) => {
      debug.accuracies.push(acc);
      setText('accuracy', `${(100 * acc).toFixed(1)}% after ${iteration} iterations (${test.n} test images)`);
      log(`evaluation at iteration ${iteration}: ${(100 * acc).toFixed(1)}%`);
    },
    onStateChange: (s) => {
      setState(s);
      enable(['start'], s === 'paused');
      enable(['pause'], s === 'running');
    },
    onError: (e) => {
      showBanner(`Distillation stopped: ${e.message}`, 'error');
      log(`error: ${e.message}`);
    },
  });
  setState('ready');
  enable(['start', 'evaluate', 'download']);
  enable(['use-served', 'files']);
}

async function boot(): Promise<void> {
  const choice = await chooseBackend(query.get('backend') === 'cpu');
  // Without WebGPU the default is the small CPU preset; ?preset= overrides either default.
  const preset = query.get('preset') ?? (choice.backend.name === 'cpu' ? 'cpu' : 'tiny');
  for (const name of Object.keys(PRESETS)) el('preset').append(new Option(`${name} (${PRESETS[name].trainPerClass}/class)`, name, false, name === preset));
  debug.backend = choice.label;
  setBackend(choice.backend);
  setText('device', `Computing on: ${choice.label}`);
  if (choice.problem) showBanner(choice.problem, choice.hasWebGpu ? 'warn' : 'error');
  const guard = (p: Promise<void>) =>
    p.catch((e: Error) => {
      setState('error');
      showBanner(e.message, 'error');
      enable(['use-served', 'files']);
    });

  const served = await servedSource().catch(() => null);
  setText('data-source', served ? 'Fashion-MNIST is served with this page.' : 'No dataset is served with this page: pick the four IDX files (.gz is fine).');
  enable(['use-served'], served !== null);
  el('use-served').addEventListener('click', () => served && void guard(prepare(served, choice.backend)));
  el<HTMLInputElement>('files').addEventListener('change', (ev) => {
    const files = (ev.target as HTMLInputElement).files;
    if (files?.length) void guard(pickedSource(files).then((source) => prepare(source, choice.backend)));
  });
  el('start').addEventListener('click', () => loop?.start());
  el('pause').addEventListener('click', () => void loop?.pause());
  el('evaluate').addEventListener('click', () => void loop?.evaluate());
  el('download').addEventListener('click', () => void guard(download()));
  setState(choice.hasWebGpu ? 'idle' : 'no-webgpu');
}

async function download(): Promise<void> {
  if (!run) return;
  const { tensors, metadata } = await run.exportSet();
  const safe = Object.fromEntries(Object.entries(tensors).map(([name, t]) => [name, { dtype: 'F32' as const, shape: t.shape, data: t.data }]));
  downloadBytes(encodeSafetensors(safe, { ...metadata, preset: presetName() }), `pad-distilled-${presetName()}.safetensors`);
}

boot().catch((e: Error) => {
  setState('error');
  showBanner(`The page could not start: ${e.message}`, 'error');
});
