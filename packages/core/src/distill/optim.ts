import { noGrad } from '../autograd/grad-mode.js';
import { add, mul, sub } from '../ops/arithmetic.js';
import { zerosLike } from '../ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * torch.optim.SGD with momentum (dampening 0, no weight decay, not Nesterov) on one tensor, the
 * optimiser the reference uses for the images (momentum 0.5), the learned lr (0.5) and the soft
 * labels (0.9): buf = μ·buf + g, p = p - lr·buf. The first step's buf is g, which is what PyTorch's
 * lazily created buffer gives. Owns its momentum buffer; `value` is replaced on each step.
 */
export class MomentumSgd {
  buf: Tensor | null;

  constructor(
    public value: Tensor,
    readonly lr: number,
    readonly momentum: number,
    buf: Tensor | null = null,
  ) {
    this.buf = buf;
  }

  step(g: Tensor): void {
    if (g.size !== this.value.size) throw new Error(`sgd: gradient has ${g.size} elements, parameter ${this.value.size}`);
    noGrad(() => {
      const prev = this.buf ?? zerosLike(this.value);
      const scaled = mul(prev, this.momentum);
      const buf = add(scaled, g);
      const upd = mul(buf, this.lr);
      const next = sub(this.value, upd);
      for (const t of [scaled, upd, this.value]) t.dispose();
      if (prev !== this.buf) prev.dispose();
      this.buf?.dispose();
      this.buf = buf.keep();
      this.value = next.keep();
    });
  }

  /** Replaces the parameter (e.g. a clamped learned lr) and forgets the momentum. */
  reset(value: Tensor): void {
    this.value.dispose();
    this.value = value;
    this.buf?.dispose();
    this.buf = null;
  }

  dispose(): void {
    this.value.dispose();
    this.buf?.dispose();
    this.buf = null;
  }
}
