import { noGrad } from '../autograd/grad-mode.js';
import { add, mul, sub } from '../ops/arithmetic.js';
import { zerosLike } from '../ops/creation.js';
import { keep, tidy } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';

export interface SgdOptions {
  lr: number;
  momentum?: number;
  weightDecay?: number;
}

/**
 * torch.optim.SGD on one flat parameter vector (dampening 0, not Nesterov): d = g + wd·p;
 * buf = momentum·buf + d (buf starts as d, the same as starting from zero); p -= lr·buf.
 * Holds its momentum buffer; `step` returns new parameters and disposes nothing the caller owns.
 */
export class Sgd {
  private buf: Tensor | null = null;

  constructor(readonly opts: SgdOptions) {}

  /** The parameters after one step, as a new tensor outside autodiff and outside any tidy scope. */
  step(params: Tensor, g: Tensor): Tensor {
    const { lr } = this.opts;
    const momentum = this.opts.momentum ?? 0;
    const wd = this.opts.weightDecay ?? 0;
    return noGrad(() => {
      const next = tidy(() => {
        const d = wd === 0 ? g : add(g, mul(params.detach(), wd));
        let dir = d;
        if (momentum !== 0) {
          const prev = this.buf ?? zerosLike(params);
          dir = add(mul(prev, momentum), d);
          this.buf?.dispose();
          this.buf = keep(dir);
        }
        return sub(params.detach(), mul(dir, lr));
      });
      return keep(next);
    });
  }

  /** Forgets the momentum (the reference builds a new optimizer when it decays the learning rate). */
  reset(): void {
    this.buf?.dispose();
    this.buf = null;
  }

  setLr(lr: number): void {
    this.opts.lr = lr;
  }

  dispose(): void {
    this.reset();
  }
}
