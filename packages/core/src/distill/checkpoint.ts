/**
 * Distillation checkpoints (Node only): distill/checkpoint.safetensors holds the synthetic images, soft
 * label logits, learned lr, the three momentum buffers and, in metadata, the loop state (iterations
 * done, loss history, evaluations, warnings) and the configuration. Written atomically, so a run killed
 * at any moment (kill -9 included) resumes from the last checkpoint; since every random choice of the
 * loop is a function of (seed, iteration), the resumed run redoes the lost iterations identically.
 * The CPU backend computes in float64 and its checkpoints are F64, so resuming there is bit-exact.
 */
import * as path from 'node:path';
import type { Backend } from '../backend/backend.js';
import { loadSafetensors, saveSafetensors } from '../io/node-outputs.js';
import type { SafeTensor } from '../io/safetensors.js';
import { tensor } from '../ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import type { DistillState } from './distill-loop.js';
import { MomentumSgd } from './optim.js';
import { assertSameConfig, exists, parseMeta } from './stage-files.js';

const FORMAT = 'pad-gpu/distill-checkpoint-v1';

export function checkpointFile(dir: string): string {
  return path.join(dir, 'distill', 'checkpoint.safetensors');
}

/** Extra, unchanging facts about the run stored with the checkpoint (hard classes, init report). */
export interface CheckpointExtras {
  classes: Int32Array;
  info: Record<string, unknown>;
}

async function safe(t: Tensor): Promise<SafeTensor> {
  const d = await t.data();
  return d instanceof Float64Array ? { dtype: 'F64', shape: [...t.shape], data: d } : { dtype: 'F32', shape: [...t.shape], data: Float32Array.from(d) };
}

export async function saveCheckpoint(dir: string, state: DistillState, config: Record<string, unknown>, extras: CheckpointExtras): Promise<void> {
  const tensors: Record<string, SafeTensor> = { classes: { dtype: 'I32', shape: [extras.classes.length], data: extras.classes } };
  for (const [name, opt] of [['images', state.images], ['labels', state.labels], ['lr', state.lr]] as const) {
    tensors[name] = await safe(opt.value);
    if (opt.buf) tensors[`momentum_${name}`] = await safe(opt.buf);
  }
  const loop = { iteration: state.iteration, initialLr: state.initialLr, history: state.history, evaluations: state.evaluations, warnings: state.warnings };
  await saveSafetensors(checkpointFile(dir), tensors, {
    format: FORMAT, config: JSON.stringify(config), state: JSON.stringify(loop), info: JSON.stringify(extras.info),
  });
}

export interface LoadedCheckpoint {
  state: DistillState;
  extras: CheckpointExtras;
}

/** The checkpoint of `dir` if there is one (null otherwise); refuses one made with other settings. */
export async function loadCheckpoint(dir: string, config: Record<string, unknown>, opt: { lrImg: number; lrLabel: number; lrLr: number; momentumImg: number; momentumLabel: number; momentumLr: number }, backend: Backend): Promise<LoadedCheckpoint | null> {
  const file = checkpointFile(dir);
  if (!exists(file)) return null;
  const f = await loadSafetensors(file);
  if (f.metadata.format !== FORMAT) throw new Error(`${file}: not a pad-gpu distillation checkpoint (format '${f.metadata.format ?? 'none'}')`);
  assertSameConfig(file, parseMeta(file, f.metadata, 'config'), config);
  const loop = parseMeta(file, f.metadata, 'state') as unknown as Pick<DistillState, 'iteration' | 'initialLr' | 'history' | 'evaluations' | 'warnings'>;
  const get = (name: string, required = true): Tensor | null => {
    const t = f.tensors[name];
    if (!t) {
      if (required) throw new Error(`${file}: missing tensor '${name}'`);
      return null;
    }
    return tensor(t.data as Float32Array | Float64Array, [...t.shape], { backend });
  };
  const state: DistillState = {
    ...loop,
    images: new MomentumSgd(get('images')!, opt.lrImg, opt.momentumImg, get('momentum_images', false)),
    labels: new MomentumSgd(get('labels')!, opt.lrLabel, opt.momentumLabel, get('momentum_labels', false)),
    lr: new MomentumSgd(get('lr')!, opt.lrLr, opt.momentumLr, get('momentum_lr', false)),
  };
  const classes = f.tensors.classes?.data as Int32Array | undefined;
  if (!classes) throw new Error(`${file}: missing tensor 'classes'`);
  return { state, extras: { classes, info: parseMeta(file, f.metadata, 'info') } };
}
