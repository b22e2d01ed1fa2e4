import { flatten } from '../../ops/shape-ops.js';
import { relu } from '../../ops/unary.js';
import { FunctionalModel, type InputShape, newRegistry } from './functional-model.js';
import { convLayer, convOut, linearLayer, maxPool2x2, type NormKind, normLayer, registerConv, registerLinear, registerNorm } from './layers.js';

/** VGG-11's layer plan: channel counts and 'M' for 2x2 max pooling. */
const VGG11: readonly (number | 'M')[] = [64, 'M', 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M'];

type Step = { conv: string; norm: string; pad: number } | 'M';

/**
 * VGG-11 of the reference networks.py: [conv3x3 -> norm -> ReLU] blocks with max pooling, instance norm
 * by default (BatchNorm for VGG11BN), a 1-channel input padded by 3 in the first conv (28 -> 32), and one
 * linear classifier on the 512 x 1 x 1 features.
 */
export function vgg11(input: InputShape, numClasses: number, opts: { norm?: Exclude<NormKind, 'none'> } = {}): FunctionalModel {
  const norm = opts.norm ?? 'instancenorm';
  const r = newRegistry();
  const steps: Step[] = [];
  let idx = 0;
  let c = input.channels;
  let h = input.height;
  let w = input.width;
  VGG11.forEach((v, i) => {
    if (v === 'M') {
      steps.push('M');
      idx++;
      h = Math.floor(h / 2);
      w = Math.floor(w / 2);
      return;
    }
    const pad = input.channels === 1 && i === 0 ? 3 : 1;
    const conv = `features.${idx}`;
    const normName = `features.${idx + 1}`;
    registerConv(r, conv, c, v, 3);
    registerNorm(r, normName, norm, v);
    idx += 3; // conv, norm, ReLU
    steps.push({ conv, norm: normName, pad });
    c = v;
    h = convOut(h, 3, pad);
    w = convOut(w, 3, pad);
  });
  if (h < 1 || w < 1) throw new Error(`vgg11: a ${input.height}x${input.width} input is too small`);
  registerLinear(r, 'classifier', c * h * w, numClasses);
  return new FunctionalModel(`vgg11${norm === 'batchnorm' ? 'bn' : ''}`, input, numClasses, r, (p, x, fo) => {
    let y = x;
    for (const s of steps) {
      y = s === 'M' ? maxPool2x2(y) : relu(normLayer(p, s.norm, norm, convLayer(p, s.conv, y, { padding: s.pad }), fo));
    }
    return linearLayer(p, 'classifier', flatten(y));
  });
}
