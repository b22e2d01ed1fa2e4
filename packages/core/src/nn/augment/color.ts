import { add, mul, sub } from '../../ops/arithmetic.js';
import { tensor } from '../../ops/creation.js';
import { mean } from '../../ops/reduce.js';
import { tidy } from '../../tensor/scope.js';
import type { Tensor } from '../../tensor/tensor.js';

/**
 * The 'color' family: brightness, then saturation, then contrast, each with per-sample factors, in the
 * reference's order and formulas. Saturation scales the deviation from the mean over channels (a no-op
 * for one channel, as in the reference); contrast the deviation from the mean of the whole image.
 */
export function applyColor(x: Tensor, brightness: readonly number[], saturation: readonly number[], contrast: readonly number[]): Tensor {
  const n = x.shape[0];
  const perSample = (v: readonly number[]) => tensor(v, [n, 1, 1, 1], { backend: x.backend });
  return tidy(() => {
    let y = add(x, perSample(brightness));
    const chMean = mean(y, 1, true);
    y = add(mul(sub(y, chMean), perSample(saturation)), chMean);
    const imMean = mean(y, [1, 2, 3], true);
    return add(mul(sub(y, imMean), perSample(contrast)), imMean);
  });
}
