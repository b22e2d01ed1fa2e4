/**
 * The interface the demo page drives. The page owns the outer loop (so it can pause between
 * iterations, redraw and evaluate); a PAD implementation owns everything else. ./library/ implements
 * it over @pad-gpu/core's PAD library (distillIteration and the stages before it).
 */
import type { Backend, ImageDataset } from '@pad-gpu/core';

/** Labelled images in memory (the core's dataset form): pixels in [0, 1], NCHW. */
export type ImageSet = ImageDataset;

export interface PadConfig {
  ipc: number;
  /** ConvNet width and depth. */
  width: number;
  depth: number;
  /** EL2N scoring: epochs of the scoring model. */
  el2nEpochs: number;
  /** Expert trajectories trained (the loop picks one per iteration). */
  experts: number;
  /** DSA (differentiable siamese augmentation) in scoring, experts, the inner loop and evaluation. */
  dsa: boolean;
  /** Expert training: epochs, SGD lr, minibatch; data scheduler p(e) = min(1, ir + (1 - ir) e / aee). */
  expertEpochs: number;
  expertLr: number;
  batchReal: number;
  ir: number;
  aee: number;
  /** Matching: N student steps, M expert epochs, start epochs in [0, maxStartEpoch). */
  syntheticSteps: number;
  expertStride: number;
  maxStartEpoch: number;
  /** Embedding filter: the first `alpha` fraction of the flat parameters is left out of the loss. */
  alpha: number;
  lrImg: number;
  lrLr: number;
  lrLabel: number;
  /** Iterations whose loss exceeds this are not applied (as the reference does; Infinity: never skip). */
  lossThreshold: number;
  evalEpochs: number;
  seed: number;
}

export type Stage = 'el2n' | 'experts' | 'init';
export type StageListener = (stage: Stage, done: number, total: number) => void;

export interface IterationReport {
  iteration: number;
  loss: number;
  /** True when the loss was above the threshold and no update was applied. */
  skipped: boolean;
  syntheticLr: number;
  startEpoch: number;
  ms: number;
}

/** A named f32 tensor on the host, as written to safetensors. */
export interface HostTensor {
  shape: number[];
  data: Float32Array;
}

export interface DistillRun {
  readonly config: PadConfig;
  readonly classes: number;
  /** [c, h, w] of one image. */
  readonly imageShape: readonly [number, number, number];
  /** One outer iteration: unroll N student steps, match the expert, update images, labels and lr. */
  step(): Promise<IterationReport>;
  /** The synthetic images in pixel units ([0, 1] before clipping), [ipc * classes, c, h, w]. */
  images(): Promise<Float32Array>;
  /** Accuracy on `test` of a fresh model trained on the synthetic set for config.evalEpochs. */
  evaluate(test: ImageSet): Promise<number>;
  /** The distilled set (normalised images, soft labels, learned lr) and provenance metadata. */
  exportSet(): Promise<{ tensors: Record<string, HostTensor>; metadata: Record<string, string> }>;
  dispose(): void;
}

/** Scores, trains the experts and initialises the synthetic set; resolves when `step` can run. */
export type PreparePad = (train: ImageSet, config: PadConfig, backend: Backend, onStage?: StageListener) => Promise<DistillRun>;
