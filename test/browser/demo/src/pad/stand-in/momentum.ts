/** SGD with momentum on a learnable leaf: v = μv + g; p = p - lr·v. Returns the new leaf (owned). */
import { add, mul, requiresGrad, sub, tidy, type Tensor } from '@pad-gpu/core';

export class Momentum {
  private velocity: Tensor | null = null;

  constructor(
    readonly lr: number,
    readonly mu: number,
  ) {}

  /** `param` is disposed and replaced; `transform` can guard the new value (keep the lr positive). */
  update(param: Tensor, g: Tensor, transform?: (p: Tensor) => Tensor): Tensor {
    const [v, next] = tidy(() => {
      const v = this.velocity ? add(mul(this.velocity, this.mu), g) : g.detach();
      const p = sub(param.detach(), mul(v, this.lr));
      return [v, transform ? transform(p) : p];
    });
    this.velocity?.dispose();
    this.velocity = v;
    param.dispose();
    return requiresGrad(next);
  }

  dispose(): void {
    this.velocity?.dispose();
    this.velocity = null;
  }
}
