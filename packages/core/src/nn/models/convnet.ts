import { avgPool2d } from '../../ops/pool.js';
import { flatten } from '../../ops/shape-ops.js';
import { relu } from '../../ops/unary.js';
import { FunctionalModel, type InputShape, newRegistry } from './functional-model.js';
import { convLayer, convOut, linearLayer, type NormKind, normLayer, normReluPoolLayer, registerConv, registerLinear, registerNorm } from './layers.js';

export interface ConvNetOptions {
  /** Channels of every conv layer (default 128). */
  width?: number;
  /** Conv blocks (default 3; the papers use 4 for 64 px images). */
  depth?: number;
  norm?: NormKind;
}

/**
 * The ConvNet of DC/DSA/MTT/DATM/PAD: depth x [conv3x3(width) -> norm -> ReLU -> avgpool 2x2], then one
 * linear classifier. Parameter names follow the reference's nn.Sequential (`features.<i>.weight`,
 * `classifier.weight`). As in the reference, a 1-channel input gets padding 3 in the first conv, which
 * turns 28x28 digits into 32x32 feature maps.
 */
export function convNet(input: InputShape, numClasses: number, opts: ConvNetOptions = {}): FunctionalModel {
  const width = opts.width ?? 128;
  const depth = opts.depth ?? 3;
  const norm = opts.norm ?? 'instancenorm';
  const r = newRegistry();
  const blocks: { conv: string; norm: string; pad: number }[] = [];
  let idx = 0;
  let c = input.channels;
  let h = input.height;
  let w = input.width;
  for (let d = 0; d < depth; d++) {
    const pad = input.channels === 1 && d === 0 ? 3 : 1;
    const conv = `features.${idx++}`;
    registerConv(r, conv, c, width, 3);
    const normName = norm === 'none' ? '' : `features.${idx++}`;
    registerNorm(r, normName, norm, width);
    idx += 2; // ReLU and AvgPool2d have no parameters but take Sequential indices
    blocks.push({ conv, norm: normName, pad });
    c = width;
    h = Math.floor(convOut(h, 3, pad) / 2);
    w = Math.floor(convOut(w, 3, pad) / 2);
    if (h < 1 || w < 1) throw new Error(`convnet: depth ${depth} pools a ${input.height}x${input.width} input below 1x1`);
  }
  registerLinear(r, 'classifier', c * h * w, numClasses);
  const suffix = norm === 'batchnorm' ? '-bn' : norm === 'none' ? '-nn' : '';
  return new FunctionalModel(`convnet${suffix}-d${depth}-w${width}`, input, numClasses, r, (p, x, fo) => {
    let y = x;
    for (const b of blocks) {
      y = convLayer(p, b.conv, y, { padding: b.pad }, norm === 'instancenorm');
      // Instance norm, ReLU and the 2x2 pool run as one fused op; the other norms as norm, ReLU, pool.
      y = norm === 'instancenorm' ? normReluPoolLayer(p, b.norm, y) : avgPool2d(relu(normLayer(p, b.norm, norm, y, fo)), 2);
    }
    return linearLayer(p, 'classifier', flatten(y));
  });
}
