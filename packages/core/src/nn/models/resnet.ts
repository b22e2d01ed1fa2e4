import { add } from '../../ops/arithmetic.js';
import { avgPool2d } from '../../ops/pool.js';
import { flatten } from '../../ops/shape-ops.js';
import { relu } from '../../ops/unary.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { ForwardOptions } from '../model.js';
import { FunctionalModel, type InputShape, newRegistry } from './functional-model.js';
import { convLayer, convOut, linearLayer, type NormKind, normLayer, type Params, registerConv, registerLinear, registerNorm } from './layers.js';

export interface ResNetOptions {
  norm?: NormKind;
  /** The reference's ResNet18_AP: strided convs become stride-1 convs followed by 2x2 average pooling. */
  avgPoolDownsample?: boolean;
}

interface Block {
  prefix: string;
  stride: number;
  shortcut: boolean;
}

/**
 * ResNet-18 as in the reference networks.py (a CIFAR-style ResNet: 3x3 stem, no max pool, BasicBlocks
 * [2, 2, 2, 2] of 64/128/256/512 planes, convs without bias, instance norm by default, BatchNorm for the
 * -BN variant). The classifier's input size is computed from the actual feature map, which matches the
 * reference for 32x32 and 28x28 inputs.
 */
export function resNet18(input: InputShape, numClasses: number, opts: ResNetOptions = {}): FunctionalModel {
  const norm = opts.norm ?? 'instancenorm';
  const ap = opts.avgPoolDownsample ?? false;
  const r = newRegistry();
  registerConv(r, 'conv1', input.channels, 64, 3, false);
  registerNorm(r, 'bn1', norm, 64);
  const blocks: Block[] = [];
  let inPlanes = 64;
  let h = input.height;
  let w = input.width;
  [64, 128, 256, 512].forEach((planes, li) => {
    for (let b = 0; b < 2; b++) {
      const stride = li > 0 && b === 0 ? 2 : 1;
      const prefix = `layer${li + 1}.${b}`;
      registerConv(r, `${prefix}.conv1`, inPlanes, planes, 3, false);
      registerNorm(r, `${prefix}.bn1`, norm, planes);
      registerConv(r, `${prefix}.conv2`, planes, planes, 3, false);
      registerNorm(r, `${prefix}.bn2`, norm, planes);
      const shortcut = stride !== 1 || inPlanes !== planes;
      if (shortcut) {
        registerConv(r, `${prefix}.shortcut.0`, inPlanes, planes, 1, false);
        // In the _AP variant index 1 is the AvgPool2d, so the norm sits at index 2.
        registerNorm(r, `${prefix}.shortcut.${ap ? 2 : 1}`, norm, planes);
      }
      blocks.push({ prefix, stride, shortcut });
      inPlanes = planes;
      if (stride === 2) {
        h = ap ? Math.floor(h / 2) : convOut(h, 3, 1, 2);
        w = ap ? Math.floor(w / 2) : convOut(w, 3, 1, 2);
      }
    }
  });
  // The plain ResNet ends with avg_pool2d(out, 4); the _AP variant with a 1x1 (identity) pool.
  const finalPool = ap ? 1 : 4;
  const fh = Math.floor(h / finalPool);
  const fw = Math.floor(w / finalPool);
  if (fh < 1 || fw < 1) throw new Error(`resnet18: a ${input.height}x${input.width} input is too small`);
  registerLinear(r, 'classifier', 512 * fh * fw, numClasses);

  const block = (p: Params, b: Block, x: Tensor, fo: ForwardOptions): Tensor => {
    const convStride = ap ? 1 : b.stride;
    let out = relu(normLayer(p, `${b.prefix}.bn1`, norm, convLayer(p, `${b.prefix}.conv1`, x, { stride: convStride, padding: 1 }), fo));
    if (ap && b.stride !== 1) out = avgPool2d(out, 2);
    out = normLayer(p, `${b.prefix}.bn2`, norm, convLayer(p, `${b.prefix}.conv2`, out, { padding: 1 }), fo);
    let sc = x;
    if (b.shortcut) {
      sc = convLayer(p, `${b.prefix}.shortcut.0`, x, { stride: convStride });
      if (ap) sc = avgPool2d(sc, 2);
      sc = normLayer(p, `${b.prefix}.shortcut.${ap ? 2 : 1}`, norm, sc, fo);
    }
    return relu(add(out, sc));
  };

  const tag = `${norm === 'batchnorm' ? 'bn' : ''}${ap ? '_ap' : ''}`;
  return new FunctionalModel(`resnet18${tag}`, input, numClasses, r, (p, x, fo) => {
    let y = relu(normLayer(p, 'bn1', norm, convLayer(p, 'conv1', x, { padding: 1 }), fo));
    for (const b of blocks) y = block(p, b, y, fo);
    if (finalPool > 1) y = avgPool2d(y, finalPool);
    return linearLayer(p, 'classifier', flatten(y));
  });
}
