/**
 * Run presets. `cpu` is the default on CPU adapters (issue 5 §4: sizes that finish on a 2-core machine
 * without a GPU and compare with a reference implementation at the same sizes). The paper-scale presets
 * take their values from the authors' configs (NUS-HPC-AI-Lab/PAD configs/<dataset>/ConvIN/IPC<n>.yaml:
 * syn_steps N, expert_epochs M, min/max/current_max start epoch, expansion_end_epoch, lr_img, lr_lr,
 * lr_y, batch_syn, threshold, depth_ratio α, pix_init, zca) and the expert command of its README
 * (100 experts x 100 epochs, lr 0.01, batch 256, IR 0.75, AEE 20). Fashion-MNIST and MNIST, which the
 * paper does not run, reuse the CIFAR-10 settings of the same IPC at width 128 on the full data.
 * Evaluation follows the paper's protocol (1000 epochs, 5 runs).
 */
import type { InitMode } from './synthetic-init.js';

export interface PadPreset {
  dataset: string;
  /** Class-balanced training subset size (0: the full training set). */
  subset: number;
  /** Class-balanced test subset size for evaluations (0: the full test set). */
  testSubset: number;
  zca: boolean;
  model: string;
  width: number;
  depth: number;
  ipc: number;
  el2n: { models: number; epochs: number };
  experts: { experts: number; epochs: number; initRatio: number; addEndEpoch: number; lr: number; batch: number };
  distill: {
    iterations: number; syntheticSteps: number; expertEpochs: number; minStartEpoch: number; maxStartEpoch: number;
    sequential?: { currentMaxStartEpoch: number; expansionEndIteration: number };
    batchSyn: number; lrImg: number; lrLr: number; lrLabel: number; threshold: number; alpha: number; init: InitMode;
    /** Graphs of the last K student steps kept from the forward pass instead of rebuilt in the reverse
     *  one (default 0). The same exact gradient; memory grows with K, never with N. */
    cacheSteps?: number;
  };
  evaluation: { every: number; epochs: number; runs: number; batch: number };
}

const paperExperts = { experts: 100, epochs: 100, initRatio: 0.75, addEndEpoch: 20, lr: 0.01, batch: 256 };
const paperEval = { every: 500, epochs: 1000, runs: 5, batch: 128 };

type D = PadPreset['distill'];
const d = (x: Omit<D, 'iterations' | 'init' | 'threshold'> & Partial<D>): D => ({ iterations: 10_000, init: 'correct', threshold: 1, ...x });
const seq = (currentMaxStartEpoch: number, expansionEndIteration: number) => ({ currentMaxStartEpoch, expansionEndIteration });

/** Distillation settings of the authors' configs, per dataset and IPC. */
const CIFAR10: Record<number, D> = {
  1: d({ syntheticSteps: 80, expertEpochs: 2, minStartEpoch: 0, maxStartEpoch: 4, batchSyn: 10, lrImg: 100, lrLr: 1e-7, lrLabel: 5, threshold: 1.1, alpha: 0 }),
  10: d({ syntheticSteps: 80, expertEpochs: 2, minStartEpoch: 0, maxStartEpoch: 20, sequential: seq(10, 1000), batchSyn: 100, lrImg: 100, lrLr: 1e-5, lrLabel: 2, alpha: 0.5 }),
  50: d({ syntheticSteps: 80, expertEpochs: 2, minStartEpoch: 0, maxStartEpoch: 40, sequential: seq(20, 2000), batchSyn: 500, lrImg: 1000, lrLr: 1e-5, lrLabel: 2, alpha: 0.5 }),
  500: d({ syntheticSteps: 40, expertEpochs: 2, minStartEpoch: 40, maxStartEpoch: 70, sequential: seq(60, 2000), batchSyn: 1000, lrImg: 50, lrLr: 1e-5, lrLabel: 10, alpha: 0.5 }),
  1000: d({ syntheticSteps: 100, expertEpochs: 2, minStartEpoch: 40, maxStartEpoch: 60, batchSyn: 1000, lrImg: 50, lrLr: 1e-5, lrLabel: 10, alpha: 0.5 }),
};
const CIFAR100: Record<number, D> = {
  1: d({ syntheticSteps: 40, expertEpochs: 3, minStartEpoch: 0, maxStartEpoch: 30, sequential: seq(20, 1000), batchSyn: 100, lrImg: 1000, lrLr: 1e-5, lrLabel: 10, alpha: 0.5 }),
  10: d({ syntheticSteps: 80, expertEpochs: 2, minStartEpoch: 0, maxStartEpoch: 50, sequential: seq(30, 2000), batchSyn: 1000, lrImg: 1000, lrLr: 1e-5, lrLabel: 10, alpha: 0.5 }),
  50: d({ syntheticSteps: 80, expertEpochs: 2, minStartEpoch: 20, maxStartEpoch: 70, batchSyn: 1000, lrImg: 1000, lrLr: 1e-5, lrLabel: 10, alpha: 0, init: 'real' }),
  100: d({ syntheticSteps: 80, expertEpochs: 2, minStartEpoch: 30, maxStartEpoch: 70, batchSyn: 1000, lrImg: 50, lrLr: 1e-5, lrLabel: 10, alpha: 0.5 }),
};
const TINY: Record<number, D> = {
  1: d({ syntheticSteps: 40, expertEpochs: 2, minStartEpoch: 0, maxStartEpoch: 20, sequential: seq(15, 2000), batchSyn: 200, lrImg: 10_000, lrLr: 1e-4, lrLabel: 10, alpha: 0.5 }),
  10: d({ syntheticSteps: 40, expertEpochs: 2, minStartEpoch: 10, maxStartEpoch: 50, batchSyn: 500, lrImg: 100, lrLr: 1e-4, lrLabel: 10, alpha: 0.5 }),
  50: d({ syntheticSteps: 20, expertEpochs: 2, minStartEpoch: 40, maxStartEpoch: 70, batchSyn: 1000, lrImg: 100, lrLr: 1e-4, lrLabel: 10, alpha: 0.5 }),
};

function paper(dataset: string, ipc: number, dist: D, geometry: { zca: boolean; depth: number }): PadPreset {
  return {
    dataset, subset: 0, testSubset: 0, zca: geometry.zca, model: 'convnet', width: 128, depth: geometry.depth, ipc,
    el2n: { models: 2, epochs: 2 }, experts: { ...paperExperts }, distill: { ...dist }, evaluation: { ...paperEval },
  };
}

export const PRESETS: Readonly<Record<string, PadPreset>> = {
  cpu: {
    dataset: 'fashion-mnist', subset: 10_000, testSubset: 0, zca: false, model: 'convnet', width: 32, depth: 3, ipc: 1,
    el2n: { models: 2, epochs: 2 },
    experts: { experts: 2, epochs: 6, initRatio: 0.75, addEndEpoch: 3, lr: 0.01, batch: 256 },
    // cacheSteps 5: five steps' graphs of a width-32 ConvNet on 10 images (~50 MiB on top of the
    // constant-memory mode's ~20 MiB pool peak) save a quarter of the reverse pass's recomputation at
    // N = 20; the memory does not depend on N.
    distill: d({ iterations: 200, syntheticSteps: 20, expertEpochs: 2, minStartEpoch: 0, maxStartEpoch: 3, batchSyn: 0, lrImg: 100, lrLr: 1e-5, lrLabel: 2, alpha: 0.25, cacheSteps: 5 }),
    evaluation: { every: 0, epochs: 300, runs: 3, batch: 256 },
  },
  ...Object.fromEntries(
    [1, 10, 50, 500, 1000].map((ipc) => [`cifar10-ipc${ipc}`, paper('cifar10', ipc, CIFAR10[ipc], { zca: true, depth: 3 })]),
  ),
  ...Object.fromEntries([1, 10, 50, 100].map((ipc) => [`cifar100-ipc${ipc}`, paper('cifar100', ipc, CIFAR100[ipc], { zca: true, depth: 3 })])),
  ...Object.fromEntries([1, 10, 50].map((ipc) => [`tiny-ipc${ipc}`, paper('tiny-imagenet', ipc, TINY[ipc], { zca: true, depth: 4 })])),
  ...Object.fromEntries(
    (['fashion-mnist', 'mnist'] as const).flatMap((ds) =>
      [1, 10, 50].map((ipc) => [`${ds}-ipc${ipc}`, paper(ds, ipc, { ...CIFAR10[ipc], batchSyn: Math.min(CIFAR10[ipc].batchSyn, 10 * ipc) }, { zca: false, depth: 3 })]),
    ),
  ),
};

export const PRESET_NAMES: readonly string[] = Object.keys(PRESETS);

/** The preset a run uses when none is named: `cpu` on a CPU (software) adapter, else paper scale. */
export function defaultPresetName(isCpuAdapter: boolean): string {
  return isCpuAdapter ? 'cpu' : 'fashion-mnist-ipc1';
}

export function getPreset(name: string): PadPreset {
  const p = PRESETS[name];
  if (!p) throw new Error(`unknown preset '${name}'; presets: ${PRESET_NAMES.join(', ')}`);
  return structuredClone(p);
}
