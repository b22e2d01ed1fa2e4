import { noGrad } from '../autograd/grad-mode.js';
import { add } from '../ops/arithmetic.js';
import { scalar } from '../ops/creation.js';
import { slice } from '../ops/shape-ops.js';
import { keep, tidy } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Model, ModelState } from '../nn/model.js';
import { countCorrect } from './loss.js';

export interface EvaluateOptions {
  /** Images per forward pass (default 500). */
  batch?: number;
  /** BatchNorm running statistics (models with BatchNorm evaluate in eval mode with them). */
  state?: ModelState;
}

/**
 * Test accuracy in [0, 1] of `flat` on resident images [N, C, H, W] and labels (i32 [N], or f32 [N, K]
 * scores compared by arg-max). The correct count accumulates on the device; one readback at the end.
 */
export async function evaluateAccuracy(model: Model, flat: Tensor, images: Tensor, labels: Tensor, opts: EvaluateOptions = {}): Promise<number> {
  const n = images.shape[0];
  if (labels.shape[0] !== n) throw new Error(`evaluateAccuracy: ${n} images but ${labels.shape[0]} labels`);
  const batch = opts.batch ?? 500;
  let correct = keep(scalar(0, { backend: images.backend }));
  noGrad(() => {
    for (let start = 0; start < n; start += batch) {
      const b = Math.min(batch, n - start);
      const next = tidy(() => {
        const x = slice(images, [start, ...images.shape.slice(1).map(() => 0)], [b, ...images.shape.slice(1)]);
        const y = slice(labels, [start, ...labels.shape.slice(1).map(() => 0)], [b, ...labels.shape.slice(1)]);
        return add(correct, countCorrect(model.forward(flat, x, { train: false, state: opts.state }), y));
      });
      correct.dispose();
      correct = keep(next);
    }
  });
  const value = (await correct.data())[0];
  correct.dispose();
  return value / n;
}
