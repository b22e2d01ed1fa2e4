import { flatten } from '../../ops/shape-ops.js';
import { relu } from '../../ops/unary.js';
import { FunctionalModel, type InputShape, newRegistry } from './functional-model.js';
import { convLayer, convOut, linearLayer, maxPool2x2, registerConv, registerLinear } from './layers.js';

/** [Sequential index, out channels, kernel, padding, max pool after]; the first padding is 4 for 1-channel input. */
const PLAN: readonly [number, number, number, number, boolean][] = [
  [0, 128, 5, 2, true],
  [3, 192, 5, 2, true],
  [6, 256, 3, 1, false],
  [8, 192, 3, 1, false],
  [10, 192, 3, 1, true],
];

/** The reference's small AlexNet (no norm layers): five convs with ReLU, three max pools, one linear layer. */
export function alexNet(input: InputShape, numClasses: number): FunctionalModel {
  const r = newRegistry();
  let c = input.channels;
  let h = input.height;
  let w = input.width;
  const convs = PLAN.map(([idx, out, k, pad0, pool], i) => {
    const pad = i === 0 && input.channels === 1 ? 4 : pad0;
    registerConv(r, `features.${idx}`, c, out, k);
    c = out;
    h = convOut(h, k, pad);
    w = convOut(w, k, pad);
    if (pool) {
      h = Math.floor(h / 2);
      w = Math.floor(w / 2);
    }
    return { name: `features.${idx}`, pad, pool };
  });
  if (h < 1 || w < 1) throw new Error(`alexnet: a ${input.height}x${input.width} input is too small`);
  registerLinear(r, 'fc', c * h * w, numClasses);
  return new FunctionalModel('alexnet', input, numClasses, r, (p, x) => {
    let y = x;
    for (const cv of convs) {
      y = relu(convLayer(p, cv.name, y, { padding: cv.pad }));
      if (cv.pool) y = maxPool2x2(y);
    }
    return linearLayer(p, 'fc', flatten(y));
  });
}
