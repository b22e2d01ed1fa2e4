/** Minibatch SGD and accuracy for the stand-in (one-hot or soft targets; no momentum, no augmentation). */
import { crossEntropy, grad, indexSelect, mul, noGrad, requiresGrad, sub, tensor, tidy, type Tensor } from '@pad-gpu/core';
import type { PadModel } from './model.js';

/** Lets the page repaint between batches: work queued on the GPU keeps running meanwhile. */
export const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * One epoch over `order` (indices into x/targets) in minibatches of `batch`; returns new parameters
 * (the caller owns them; `flat` is left untouched).
 */
export async function sgdEpoch(model: PadModel, flat: Tensor, x: Tensor, targets: Tensor, order: Int32Array, lr: number, batch: number): Promise<Tensor> {
  let theta = flat;
  for (let i = 0; i < order.length; i += batch) {
    const idx = order.subarray(i, Math.min(order.length, i + batch));
    const next = tidy(() => {
      const p = requiresGrad(theta.detach());
      const ids = tensor(idx, [idx.length], { dtype: 'i32', backend: x.backend });
      const loss = crossEntropy(model.forward(p, indexSelect(x, ids)), indexSelect(targets, ids));
      const [g] = grad(loss, [p]);
      return sub(theta, mul(g, lr));
    });
    if (theta !== flat) theta.dispose();
    theta = next;
    if ((i / batch) % 4 === 3) await yieldToPage();
  }
  return theta === flat ? flat.detach() : theta;
}

/** Logits of every row of x, read back in chunks (no graph). */
export async function logitsOf(model: PadModel, flat: Tensor, x: Tensor, classes: number, chunk = 256): Promise<Float32Array> {
  const n = x.shape[0];
  const out = new Float32Array(n * classes);
  for (let i = 0; i < n; i += chunk) {
    const k = Math.min(chunk, n - i);
    const logits = noGrad(() =>
      tidy(() => {
        const ids = tensor(Int32Array.from({ length: k }, (_, j) => i + j), [k], { dtype: 'i32', backend: x.backend });
        return model.forward(flat, indexSelect(x, ids));
      }),
    );
    out.set(await logits.data(), i * classes);
    logits.dispose();
  }
  return out;
}

export function argmax(row: ArrayLike<number>, from: number, len: number): number {
  let best = 0;
  for (let j = 1; j < len; j++) if (row[from + j] > row[from + best]) best = j;
  return best;
}

export async function accuracy(model: PadModel, flat: Tensor, x: Tensor, labels: Int32Array, classes: number): Promise<number> {
  const logits = await logitsOf(model, flat, x, classes);
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (argmax(logits, i * classes, classes) === labels[i]) right++;
  return right / labels.length;
}
