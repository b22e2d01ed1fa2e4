/**
 * The exact hypergradient of PAD's matching loss with memory flat in the number of unrolled steps N.
 *
 * Forward (no graph): θ_{i+1} = θ_i - η g_i, g_i = ∇_θ ℓ_i(θ_i, X, Y), keeping only θ_0..θ_N (by
 * default on the host, so device memory does not grow with N) and each step's plan (minibatch rows,
 * augmentation seed). Loss L = Σ_keep (θ_N - θ*_{t+M})² / Σ_keep (θ*_t - θ*_{t+M})² and its seed
 * v_N = ∂L/∂θ_N come from one fused kernel.
 *
 * Reverse, i = N-1 .. 0: rebuild step i's graph at θ_i with createGraph, form s_i = <g_i, v_{i+1}>
 * (a vector-Jacobian product seeded with v_{i+1}) and differentiate it w.r.t. θ_i, X and Y:
 *   dX += -η ∂s_i/∂X,  dY += -η ∂s_i/∂Y,  dη += -<g_i, v_{i+1}>,  v_i = v_{i+1} - η ∂s_i/∂θ_i.
 * Since θ_{i+1} = θ_i - η g_i(θ_i, X, Y), v_i = (∂θ_{i+1}/∂θ_i)ᵀ v_{i+1} is the adjoint of θ_i, and the
 * three accumulations are the explicit dependence of θ_{i+1} on X, Y and η: the chain rule through the
 * whole unroll, second-order terms (the Hessian-vector products) included, with one step's graph alive
 * at a time.
 */
import type { TensorData } from '../backend/backend.js';
import type { Model } from '../nn/model.js';
import { grad } from '../autograd/grad.js';
import { noGrad } from '../autograd/grad-mode.js';
import { requiresGrad } from '../autograd/record.js';
import { sub, mul } from '../ops/arithmetic.js';
import { tensor, zerosLike } from '../ops/creation.js';
import { sum } from '../ops/reduce.js';
import { reshape } from '../ops/shape-ops.js';
import { tidy } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';
import { axpyNeg } from './fused/sgd-step.js';
import type { StepPlan } from './plan.js';
import { type Augment, studentLoss } from './student-loss.js';

export interface MatchProblem {
  model: Model;
  /** Synthetic images [n, C, H, W] and label logits [n, classes] (soft labels are their softmax). */
  images: Tensor;
  labels: Tensor;
  /** The learned synthetic learning rate η (one element). */
  lr: Tensor;
  /** Expert parameters θ*_t (the student's start) and θ*_{t+M} (the target), flat [P]. */
  start: Tensor;
  target: Tensor;
  /** Embedding filter: flat indices below `cut` are not matched (see mask.ts). */
  cut: number;
  plan: readonly StepPlan[];
  augment?: Augment;
  /** Where θ_1..θ_{N-1} wait for the reverse pass: 'host' (default; device memory flat in N) or 'device'. */
  thetaStore?: 'host' | 'device';
  /** Keep the graphs of the last K steps from the forward pass instead of rebuilding them (default 0).
   *  Saves one forward+backward per cached step for K steps' graph memory: a speed knob for devices
   *  with memory to spare; K = 0 keeps memory flat in N, K = N is the reference's memory use. */
  cacheSteps?: number;
  /** Called at the points where a step's memory peaks (for memory statistics). */
  onMemory?: (phase: 'forward' | 'reverse', step: number) => void;
}

export interface MatchGradients {
  images: Tensor;
  labels: Tensor;
  lr: Tensor;
}

/** The forward half: the loss is known (for the skip threshold) before any reverse work is done. */
/** A step whose graph the forward pass kept: its θ leaf and g_i = ∇ℓ_i, differentiable further. */
export interface CachedStep {
  th: Tensor;
  g: Tensor;
}

export class MatchForward {
  private stored: (TensorData | Tensor)[];
  private done = false;

  constructor(
    private readonly p: MatchProblem,
    stored: (TensorData | Tensor)[],
    private thetaN: Tensor | null,
    private seed: Tensor | null,
    /** L, and its numerator and denominator. */
    readonly loss: number,
    readonly num: number,
    readonly den: number,
    /** Graph leaves of X and Y when the forward pass cached steps (their graphs reference them). */
    private leaves: { X: Tensor; Y: Tensor } | null = null,
    private readonly cache = new Map<number, CachedStep>(),
  ) {
    this.stored = stored;
  }

  /** The student's final parameters θ_N (owned by this object until dispose). */
  get studentEnd(): Tensor {
    if (!this.thetaN) throw new Error('MatchForward was already consumed');
    return this.thetaN;
  }

  private theta(i: number): Tensor {
    if (i === 0) return this.p.start;
    const s = this.stored[i - 1];
    return (s as Tensor).isTensor ? (s as Tensor) : tensor(s as TensorData, [this.p.start.size], { backend: this.p.start.backend });
  }

  /** Runs the reverse pass and returns ∂L/∂X, ∂L/∂Y, ∂L/∂η (the caller owns them). Frees everything else. */
  backward(): MatchGradients {
    if (this.done) throw new Error('MatchForward.backward() may run once');
    this.done = true;
    const { model, images, labels, lr, plan, augment, onMemory } = this.p;
    const { X, Y } = this.leaves ?? { X: requiresGrad(images.detach()), Y: requiresGrad(labels.detach()) };
    this.leaves = null;
    let v = this.seed!;
    this.seed = null;
    let dX = zerosLike(images).keep();
    let dY = zerosLike(labels).keep();
    let dEta = zerosLike(lr).keep();
    try {
      for (let i = plan.length - 1; i >= 0; i--) {
        const cached = this.cache.get(i);
        const thetaI = cached ? cached.th : this.theta(i);
        const next = tidy(() => {
          const th = cached ? cached.th : requiresGrad(thetaI.detach());
          const g = cached ? cached.g : grad(studentLoss(model, th, X, Y, plan[i], augment), [th], { createGraph: true })[0];
          // s_i = <g_i, v_{i+1}>: its gradient is the vector-Jacobian product seeded with v_{i+1}.
          const [dth, dx, dy] = grad(g, [th, X, Y], { gradOutputs: [v] });
          onMemory?.('reverse', i);
          return noGrad(() => ({
            v: axpyNeg(v, dth, lr),
            dX: axpyNeg(dX, dx, lr),
            dY: axpyNeg(dY, dy, lr),
            dEta: sub(dEta, reshape(sum(mul(g.detach(), v)), lr.shape)),
          }));
        });
        if (cached) {
          cached.th.dispose();
          cached.g.dispose();
          this.cache.delete(i);
        } else if (thetaI !== this.p.start && !(this.stored[i - 1] as Tensor).isTensor) thetaI.dispose();
        for (const t of [v, dX, dY, dEta]) t.dispose();
        ({ v, dX, dY, dEta } = next);
        for (const t of [v, dX, dY, dEta]) t.keep();
      }
      return { images: dX, labels: dY, lr: dEta };
    } catch (e) {
      for (const t of [dX, dY, dEta]) t.dispose();
      throw e;
    } finally {
      v.dispose();
      X.dispose();
      Y.dispose();
      this.dispose();
    }
  }

  /** Frees the stored trajectory without a reverse pass (a skipped iteration). */
  dispose(): void {
    for (const s of this.stored) if ((s as Tensor).isTensor) (s as Tensor).dispose();
    this.stored = [];
    for (const c of this.cache.values()) {
      c.th.dispose();
      c.g.dispose();
    }
    this.cache.clear();
    this.leaves?.X.dispose();
    this.leaves?.Y.dispose();
    this.leaves = null;
    this.thetaN?.dispose();
    this.thetaN = null;
    this.seed?.dispose();
    this.seed = null;
    this.done = true;
  }
}
