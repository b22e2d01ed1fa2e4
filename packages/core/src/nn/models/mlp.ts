import { flatten } from '../../ops/shape-ops.js';
import { relu } from '../../ops/unary.js';
import { FunctionalModel, type InputShape, newRegistry } from './functional-model.js';
import { linearLayer, registerLinear } from './layers.js';

/** The reference's MLP: flattened pixels -> 128 -> 128 -> classes with ReLU. */
export function mlp(input: InputShape, numClasses: number): FunctionalModel {
  const r = newRegistry();
  registerLinear(r, 'fc_1', input.channels * input.height * input.width, 128);
  registerLinear(r, 'fc_2', 128, 128);
  registerLinear(r, 'fc_3', 128, numClasses);
  return new FunctionalModel('mlp', input, numClasses, r, (p, x) => {
    const h = relu(linearLayer(p, 'fc_1', flatten(x)));
    return linearLayer(p, 'fc_3', relu(linearLayer(p, 'fc_2', h)));
  });
}
