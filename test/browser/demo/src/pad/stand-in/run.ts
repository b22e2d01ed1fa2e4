/** The stand-in DistillRun: the learnable synthetic set and its optimisers, one iteration per step(). */
import { maximum, noGrad, requiresGrad, softmax, tensor, tidy, type Backend, type Tensor } from '@pad-gpu/core';
import type { DistillRun, HostTensor, ImageSet, IterationReport, PadConfig } from '../api.js';
import { matchGradients } from './matching.js';
import type { PadModel } from './model.js';
import { Momentum } from './momentum.js';
import { imagesTensor, type Normalisation } from './prepare.js';
import { mulberry32 } from './rng.js';
import { accuracy, sgdEpoch } from './train.js';

export interface StandInState {
  config: PadConfig;
  model: PadModel;
  norm: Normalisation;
  backend: Backend;
  trajectory: Tensor[];
  /** Normalised initial images and the expert's logits for them. */
  images: Float32Array;
  labelLogits: Float32Array;
  classes: number;
  imageShape: [number, number, number];
}

export class StandInRun implements DistillRun {
  readonly config: PadConfig;
  readonly classes: number;
  readonly imageShape: readonly [number, number, number];
  private x: Tensor;
  private y: Tensor;
  private lr: Tensor;
  private readonly opt: { x: Momentum; y: Momentum; lr: Momentum };
  private readonly rand: () => number;
  private iteration = 0;

  constructor(private readonly s: StandInState) {
    this.config = s.config;
    this.classes = s.classes;
    this.imageShape = s.imageShape;
    const n = s.labelLogits.length / s.classes;
    this.x = requiresGrad(tensor(s.images, [n, ...s.imageShape], { backend: s.backend }));
    this.y = requiresGrad(tensor(s.labelLogits, [n, s.classes], { backend: s.backend }));
    this.lr = requiresGrad(tensor([s.config.expertLr], [1], { backend: s.backend }));
    // Momenta as in DATM/PAD: images and lr 0.5, labels 0.9.
    this.opt = { x: new Momentum(s.config.lrImg, 0.5), y: new Momentum(s.config.lrLabel, 0.9), lr: new Momentum(s.config.lrLr, 0.5) };
    this.rand = mulberry32(s.config.seed + 7);
  }

  async step(): Promise<IterationReport> {
    const t0 = performance.now();
    const c = this.config;
    const startEpoch = Math.floor(this.rand() * c.maxStartEpoch);
    const target = this.s.trajectory[Math.min(startEpoch + c.expertStride, this.s.trajectory.length - 1)];
    const r = matchGradients({
      model: this.s.model, images: this.x, labels: this.y, lr: this.lr,
      start: this.s.trajectory[startEpoch], target, steps: c.syntheticSteps, cut: Math.floor(c.alpha * this.s.model.numParams),
    });
    const loss = await r.loss.item();
    const syntheticLr = (await this.lr.data())[0];
    if (!Number.isFinite(loss)) {
      for (const t of Object.values(r)) t.dispose();
      throw new Error(`matching loss is ${loss} at iteration ${this.iteration}: stopped (the synthetic set is kept as it was)`);
    }
    const skipped = loss > c.lossThreshold;
    if (!skipped) {
      this.x = this.opt.x.update(this.x, r.gImages);
      this.y = this.opt.y.update(this.y, r.gLabels);
      // A learned lr that reaches zero or below would stall or reverse the student: keep it positive.
      this.lr = this.opt.lr.update(this.lr, r.gLr, (p) => maximum(p, 1e-6));
    }
    for (const t of Object.values(r)) t.dispose();
    return { iteration: this.iteration++, loss, skipped, syntheticLr, startEpoch, ms: performance.now() - t0 };
  }

  async images(): Promise<Float32Array> {
    const v = Float32Array.from(await this.x.data());
    for (let i = 0; i < v.length; i++) v[i] = v[i] * this.s.norm.std + this.s.norm.mean;
    return v;
  }

  async evaluate(test: ImageSet): Promise<number> {
    const { model, backend } = this.s;
    const lr = (await this.lr.data())[0];
    const targets = noGrad(() => tidy(() => softmax(this.y.detach())));
    const xs = this.x.detach();
    const order = Int32Array.from({ length: xs.shape[0] }, (_, i) => i);
    let flat = model.init(this.config.seed + 100 + this.iteration, backend);
    for (let e = 0; e < this.config.evalEpochs; e++) {
      const next = await sgdEpoch(model, flat, xs, targets, order, lr, order.length);
      flat.dispose();
      flat = next;
    }
    const xt = imagesTensor(test, this.s.norm, backend);
    const acc = await accuracy(model, flat, xt, test.labels, test.numClasses);
    for (const t of [xt, xs, flat, targets]) t.dispose();
    return acc;
  }

  async exportSet(): Promise<{ tensors: Record<string, HostTensor>; metadata: Record<string, string> }> {
    const host = async (t: Tensor): Promise<HostTensor> => ({ shape: [...t.shape], data: Float32Array.from(await t.data()) });
    return {
      tensors: { images: await host(this.x), labels: await host(this.y), lr: await host(this.lr) },
      metadata: {
        method: 'PAD (demo stand-in: full unroll, no DSA, one expert)',
        config: JSON.stringify(this.config),
        normalisation: JSON.stringify(this.s.norm),
        iterations: String(this.iteration),
        labels: 'soft-label logits; targets are softmax(labels)',
      },
    };
  }

  dispose(): void {
    for (const t of [this.x, this.y, this.lr, ...this.s.trajectory]) t.dispose();
    for (const o of Object.values(this.opt)) o.dispose();
  }
}
