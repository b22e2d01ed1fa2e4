import type { PadConfig } from './api.js';

/** A page preset: the PAD configuration plus how much of the dataset the page loads. */
export interface DemoPreset {
  name: string;
  pad: PadConfig;
  /** Class-balanced training subset and test subset sizes. */
  trainPerClass: number;
  testCount: number;
  /** Evaluate every K iterations (0: only on request). */
  evalEvery: number;
}

/** Small enough to distill in a few minutes on a software adapter; a real GPU runs it in seconds. */
export const TINY: DemoPreset = {
  name: 'tiny',
  trainPerClass: 50,
  testCount: 500,
  evalEvery: 10,
  pad: {
    ipc: 1, width: 8, depth: 2,
    experts: 1, dsa: true,
    el2nEpochs: 1, expertEpochs: 4, expertLr: 0.05, batchReal: 64, ir: 0.75, aee: 2,
    syntheticSteps: 8, expertStride: 2, maxStartEpoch: 2, alpha: 0.25,
    lrImg: 100, lrLr: 1e-5, lrLabel: 2, lossThreshold: 1.0,
    evalEpochs: 50, seed: 0,
  },
};

/** For the page's CPU backend (no WebGPU): iterations of about a second, so the page stays usable. */
export const CPU: DemoPreset = {
  name: 'cpu',
  trainPerClass: 20,
  testCount: 300,
  evalEvery: 10,
  pad: {
    ipc: 1, width: 4, depth: 2,
    experts: 1, dsa: true,
    el2nEpochs: 1, expertEpochs: 3, expertLr: 0.05, batchReal: 50, ir: 0.75, aee: 2,
    syntheticSteps: 4, expertStride: 2, maxStartEpoch: 1, alpha: 0.25,
    lrImg: 100, lrLr: 1e-5, lrLabel: 2, lossThreshold: 1.0,
    evalEpochs: 30, seed: 0,
  },
};

/** The CI preset: every stage runs, in seconds, on SwiftShader or the page's CPU backend. */
export const CI: DemoPreset = {
  name: 'ci',
  trainPerClass: 6,
  testCount: 40,
  evalEvery: 0,
  pad: {
    ipc: 1, width: 4, depth: 2,
    experts: 1, dsa: false,
    el2nEpochs: 1, expertEpochs: 2, expertLr: 0.05, batchReal: 20, ir: 0.75, aee: 1,
    syntheticSteps: 3, expertStride: 1, maxStartEpoch: 1, alpha: 0.25,
    // DSA off: on SwiftShader its kernels make an iteration ~15x slower (the loop is the same otherwise).
    // The CI set is tiny, so the matching loss can exceed 1 early; never skip there.
    lrImg: 100, lrLr: 1e-5, lrLabel: 2, lossThreshold: Infinity,
    evalEpochs: 5, seed: 0,
  },
};

export const PRESETS: Record<string, DemoPreset> = { tiny: TINY, cpu: CPU, ci: CI };
