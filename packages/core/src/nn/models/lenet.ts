import { flatten } from '../../ops/shape-ops.js';
import { relu } from '../../ops/unary.js';
import { FunctionalModel, type InputShape, newRegistry } from './functional-model.js';
import { convLayer, convOut, linearLayer, maxPool2x2, registerConv, registerLinear } from './layers.js';

/** LeNet-5 as in the reference: conv5(6) -> ReLU -> maxpool -> conv5(16) -> ReLU -> maxpool -> 120 -> 84 -> classes.
 *  A 1-channel input is padded by 2 so 28x28 digits give the classic 16x5x5 features. */
export function leNet(input: InputShape, numClasses: number): FunctionalModel {
  const r = newRegistry();
  const pad = input.channels === 1 ? 2 : 0;
  registerConv(r, 'features.0', input.channels, 6, 5);
  registerConv(r, 'features.3', 6, 16, 5);
  const h = Math.floor(convOut(Math.floor(convOut(input.height, 5, pad) / 2), 5, 0) / 2);
  const w = Math.floor(convOut(Math.floor(convOut(input.width, 5, pad) / 2), 5, 0) / 2);
  if (h < 1 || w < 1) throw new Error(`lenet: a ${input.height}x${input.width} input is too small`);
  registerLinear(r, 'fc_1', 16 * h * w, 120);
  registerLinear(r, 'fc_2', 120, 84);
  registerLinear(r, 'fc_3', 84, numClasses);
  return new FunctionalModel('lenet', input, numClasses, r, (p, x) => {
    let y = maxPool2x2(relu(convLayer(p, 'features.0', x, { padding: pad })));
    y = maxPool2x2(relu(convLayer(p, 'features.3', y, {})));
    y = relu(linearLayer(p, 'fc_1', flatten(y)));
    y = relu(linearLayer(p, 'fc_2', y));
    return linearLayer(p, 'fc_3', y);
  });
}
