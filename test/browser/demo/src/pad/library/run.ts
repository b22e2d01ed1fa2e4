/**
 * DistillRun over @pad-gpu/core's PAD loop: every step() is one distillIteration (exact constant-memory
 * hypergradient through N student steps, DSA replayed from each step's seed, embedding filter, soft
 * labels, learned lr, momentum updates and the divergence guard), so the page runs exactly what the CLI runs.
 */
import {
  denormalizeImages, disposeDistillState, distillIteration, evaluateSynset, newDistillState, normalizeImages, tensor,
  type Augment, type Backend, type ChannelStats, type DistillConfig, type DistillState, type DsaOptions, type MemoryExperts,
  type FunctionalModel as Model, type SyntheticInit, type Tensor,
} from '@pad-gpu/core';
import type { DistillRun, HostTensor, ImageSet, IterationReport, PadConfig } from '../api.js';

export interface LibraryRunSetup {
  config: PadConfig;
  distill: DistillConfig;
  model: Model;
  experts: MemoryExperts;
  augment?: Augment;
  dsa: DsaOptions | false;
  /** The normalisation of the training set (images are distilled normalised). */
  stats: ChannelStats;
  backend: Backend;
  init: SyntheticInit;
  classes: number;
  imageShape: [number, number, number];
}

export class LibraryRun implements DistillRun {
  readonly config: PadConfig;
  readonly classes: number;
  readonly imageShape: readonly [number, number, number];
  private readonly state: DistillState;

  constructor(private readonly s: LibraryRunSetup) {
    this.config = s.config;
    this.classes = s.classes;
    this.imageShape = s.imageShape;
    this.state = newDistillState(s.init.images, s.init.labels, s.experts.lr, s.distill);
  }

  async step(): Promise<IterationReport> {
    const { model, experts, distill, augment, backend } = this.s;
    const rec = await distillIteration({ model, experts, config: distill, augment, backend }, this.state, this.state.iteration);
    this.state.history.push(rec);
    this.state.iteration = rec.iteration + 1;
    return { iteration: rec.iteration, loss: rec.loss, skipped: rec.skipped, syntheticLr: rec.lr, startEpoch: rec.startEpoch, ms: rec.seconds * 1000 };
  }

  private plane(): number {
    return this.imageShape[1] * this.imageShape[2];
  }

  async images(): Promise<Float32Array> {
    const v = Float32Array.from(await this.state.images.value.data());
    return denormalizeImages(v, this.imageShape[0], this.plane(), this.s.stats);
  }

  /** The papers' protocol (evaluateSynset): one fresh ConvNet trained on the synthetic set with the learned lr. */
  async evaluate(test: ImageSet): Promise<number> {
    const { backend, config: c } = this.s;
    const testImages = tensor(normalizeImages(test.images, test.channels, test.height * test.width, this.s.stats), [test.n, test.channels, test.height, test.width], { backend });
    const testLabels = tensor(test.labels, [test.n], { dtype: 'i32', backend });
    try {
      const res = await evaluateSynset(this.state.images.value, this.state.labels.value, {
        testImages, testLabels, lr: await this.state.lr.value.item(), epochs: c.evalEpochs, runs: 1, batch: 256,
        model: 'convnet', modelOptions: { netWidth: c.width, depth: c.depth }, numClasses: this.classes,
        augment: this.s.dsa, seed: c.seed * 100_003 + this.state.iteration,
      });
      return res.mean;
    } finally {
      testImages.dispose();
      testLabels.dispose();
    }
  }

  async exportSet(): Promise<{ tensors: Record<string, HostTensor>; metadata: Record<string, string> }> {
    const host = async (t: Tensor, shape = [...t.shape]): Promise<HostTensor> => ({ shape, data: Float32Array.from(await t.data()) });
    return {
      tensors: { images: await host(this.state.images.value), labels: await host(this.state.labels.value), lr: await host(this.state.lr.value, [1]) },
      metadata: {
        method: 'PAD (@pad-gpu/core distillIteration: exact constant-memory gradient, DSA, soft labels, learned lr)',
        config: JSON.stringify(this.config),
        normalisation: JSON.stringify(this.s.stats),
        iterations: String(this.state.iteration),
        labels: 'soft-label logits; targets are softmax(labels)',
        init_label_accuracy: String(this.s.init.labelAccuracy),
        warnings: JSON.stringify([...this.s.init.warnings, ...this.state.warnings]),
      },
    };
  }

  dispose(): void {
    disposeDistillState(this.state);
  }
}
