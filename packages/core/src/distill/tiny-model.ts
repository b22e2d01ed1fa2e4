/**
 * A minimal `Model` (one conv block + classifier, ConvNet's layer order) for tests, smoke runs and the
 * memory benchmark: small enough that the float64 CPU backend differentiates a whole unroll in
 * milliseconds, yet it has every op kind of ConvNet (conv, instance norm, ReLU, average pooling,
 * linear) so second-order terms go through all of their rules.
 */
import type { Backend } from '../backend/backend.js';
import type { Model, ParamSpec } from '../nn/model.js';
import { mul } from '../ops/arithmetic.js';
import { conv2d } from '../ops/conv.js';
import { concat, flatten, reshape, slice } from '../ops/shape-ops.js';
import { avgPool2d } from '../ops/pool.js';
import { randomNormal } from '../ops/random.js';
import { relu } from '../ops/unary.js';
import { full } from '../ops/creation.js';
import { instanceNorm } from '../nn/functional/norm.js';
import { linear } from '../nn/functional/linear.js';
import { tidy } from '../tensor/scope.js';
import type { Tensor } from '../tensor/tensor.js';

export function tinyConvModel(opts: { channels: number; size: number; classes: number; width: number }): Model {
  const { channels, size, classes, width } = opts;
  if (size % 2 !== 0) throw new Error(`tinyConvModel: image size ${size} must be even`);
  const feat = width * (size / 2) * (size / 2);
  const params: ParamSpec[] = [
    { name: 'conv.weight', shape: [width, channels, 3, 3] },
    { name: 'conv.bias', shape: [width] },
    { name: 'norm.weight', shape: [width] },
    { name: 'norm.bias', shape: [width] },
    { name: 'fc.weight', shape: [classes, feat] },
    { name: 'fc.bias', shape: [classes] },
  ];
  const sizes = params.map((p) => p.shape.reduce((a, b) => a * b, 1));
  const numParams = sizes.reduce((a, b) => a + b, 0);
  const views = (flat: Tensor): Tensor[] => {
    let off = 0;
    return params.map((p, i) => {
      const t = reshape(slice(flat, [off], [sizes[i]]), p.shape);
      off += sizes[i];
      return t;
    });
  };
  return {
    name: `tiny-conv-w${width}`,
    params,
    numParams,
    numClasses: classes,
    init(seed: number, backend?: Backend): Tensor {
      return tidy(() => {
        const parts = params.map((p, i) => {
          const fanIn = p.shape.length > 1 ? p.shape.slice(1).reduce((a, b) => a * b, 1) : 1;
          if (p.name === 'norm.weight') return full([sizes[i]], 1, { backend });
          if (p.name === 'norm.bias') return full([sizes[i]], 0, { backend });
          const scale = 1 / Math.sqrt(p.name.endsWith('bias') ? feat : fanIn);
          return mul(randomNormal([sizes[i]], { seed: seed * 31 + i, backend }), scale);
        });
        return concat(parts, 0);
      });
    },
    forward(flat: Tensor, x: Tensor): Tensor {
      if (flat.size !== numParams) throw new Error(`${this.name}: expected ${numParams} parameters, got ${flat.size}`);
      return tidy(() => {
        const [cw, cb, nw, nb, fw, fb] = views(flat);
        const h = avgPool2d(relu(instanceNorm(conv2d(x, cw, cb, { padding: 1 }), nw, nb)), 2);
        return linear(flatten(h), fw, fb);
      });
    },
  };
}
