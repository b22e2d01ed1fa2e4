import { add, avgPool2d, conv2d, crossEntropy, flatten, grad, instanceNorm, linear, mul, relu, sum, type Tensor } from '@pad-gpu/core';
import type { Maker, OpCase } from '../case.js';

/** A one-block ConvNet on [3,1,6,6] images with 4 classes: the op mix PAD differentiates. */
function tinyNetLoss(m: Maker): { loss: Tensor; x: Tensor; w: Tensor; fw: Tensor } {
  const x = m.rand([3, 1, 6, 6], { grad: true });
  const w = m.rand([2, 1, 3, 3], { grad: true });
  const fw = m.rand([4, 2 * 3 * 3], { grad: true });
  const labels = m.ints([0, 3, 1]);
  const h = avgPool2d(relu(instanceNorm(conv2d(x, w, null, { padding: 1 }))), 2);
  return { loss: crossEntropy(linear(flatten(h), fw), labels), x, w, fw };
}

export const gradCases: OpCase[] = [
  {
    family: 'grad', name: 'tiny ConvNet: loss and gradients w.r.t. input, conv and linear weights', tol: 1e-3,
    run: (m) => { const { loss, x, w, fw } = tinyNetLoss(m); return [loss, ...grad(loss, [x, w, fw])]; },
  },
  {
    // Second order, as trajectory matching needs: d/dw of |dL/dw|^2 + |dL/dx|^2 through the whole net.
    family: 'grad', name: 'tiny ConvNet: second-order gradient (grad of a gradient norm)', tol: 2e-3,
    run: (m) => {
      const { loss, x, w, fw } = tinyNetLoss(m);
      const [gx, gw] = grad(loss, [x, w], { createGraph: true });
      return grad(add(sum(mul(gw, gw)), sum(mul(gx, gx))), [w, x, fw]);
    },
  },
];
