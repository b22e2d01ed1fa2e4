// Differentiating through two unrolled SGD steps of a tiny ConvNet, compared with PyTorch. The values
// come from scripts/golden/sgd_unroll.py (float64, torch 1.13); this test recomputes them on the cpu
// backend, also float64, so the only differences are summation orders: tolerance rtol 1e-10, atol 1e-13
// (measured agreement: better than 1e-13 relative).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  add, avgPool2d, conv2d, cpuBackend, crossEntropy, div, flatten, grad, groupNorm, linear, liveStorageStats, mul, relu, requiresGrad,
  scalar, square, sub, sum, tensor, tidy, type Tensor,
} from '../src/index.js';
import './util/allclose.js';

interface Json { shape: number[]; data: number[] }
interface Fixture {
  config: { lr: number; eps: number; groups: number; padding: number; pool: number };
  inputs: { x: Json; soft_labels: Json; x_val: Json; y_val: Json; theta0: (Json & { name: string })[]; target: (Json & { name: string })[] };
  outputs: {
    train_losses: number[];
    theta2: (Json & { name: string })[];
    val: { loss: number; grad_x: Json; grad_lr: number };
    match: { loss: number; grad_x: Json; grad_lr: number };
  };
}

const fx: Fixture = JSON.parse(readFileSync(new URL('./fixtures/golden-sgd-unroll.json', import.meta.url), 'utf8'));
const be = cpuBackend();
const TOL = { rtol: 1e-10, atol: 1e-13 };
const cfg = fx.config;
const load = (j: Json, dtype: 'f32' | 'i32' = 'f32') => tensor(j.data, j.shape, { dtype, backend: be });
const read = (t: Tensor) => Array.from(be.readSync(t.storage));

function forward([cw, cb, nw, nb, fw, fb]: Tensor[], x: Tensor): Tensor {
  const h = avgPool2d(relu(groupNorm(conv2d(x, cw, cb, { padding: cfg.padding }), cfg.groups, nw, nb, cfg.eps)), cfg.pool);
  return linear(flatten(h), fw, fb);
}

/** One SGD step recorded with createGraph, so later gradients flow through it into x and lr. */
function sgdStep(params: Tensor[], x: Tensor, soft: Tensor, lr: Tensor): { next: Tensor[]; loss: Tensor } {
  const loss = crossEntropy(forward(params, x), soft);
  const gs = grad(loss, params, { createGraph: true });
  return { next: params.map((p, i) => sub(p, mul(lr, gs[i]))), loss };
}

function unroll(outer: 'val' | 'match') {
  return tidy(() => {
    const x = requiresGrad(load(fx.inputs.x));
    const lr = requiresGrad(scalar(cfg.lr, { backend: be }));
    const theta0 = fx.inputs.theta0.map((p) => requiresGrad(load(p)));
    const soft = load(fx.inputs.soft_labels);
    const s1 = sgdStep(theta0, x, soft, lr);
    const s2 = sgdStep(s1.next, x, soft, lr);
    const theta2 = s2.next;
    let loss: Tensor;
    if (outer === 'val') loss = crossEntropy(forward(theta2, load(fx.inputs.x_val)), load(fx.inputs.y_val, 'i32'));
    else {
      const targets = fx.inputs.target.map((t) => load(t));
      const dist = (ps: Tensor[]) => ps.map((p, i) => sum(square(sub(p, targets[i])))).reduce((a, b) => add(a, b));
      loss = div(dist(theta2), dist(theta0));
    }
    const [gx, glr] = grad(loss, [x, lr]);
    return {
      trainLosses: [read(s1.loss)[0], read(s2.loss)[0]],
      theta2: theta2.map(read),
      loss: read(loss)[0],
      gradX: read(gx),
      gradLr: read(glr)[0],
    };
  });
}

describe('golden: gradient through two unrolled SGD steps vs PyTorch (rtol 1e-10, atol 1e-13)', () => {
  for (const outer of ['val', 'match'] as const) {
    it(`${outer} loss: unrolled parameters, loss, and its gradient in the images and the learning rate`, () => {
      const before = liveStorageStats().storages;
      const got = unroll(outer);
      const want = fx.outputs[outer];
      expect(got.trainLosses).toBeAllClose(fx.outputs.train_losses, TOL);
      got.theta2.forEach((t, i) => expect(t, fx.outputs.theta2[i].name).toBeAllClose(fx.outputs.theta2[i].data, TOL));
      expect([got.loss]).toBeAllClose([want.loss], TOL);
      expect(got.gradX).toBeAllClose(want.grad_x.data, TOL);
      expect([got.gradLr]).toBeAllClose([want.grad_lr], TOL);
      // Guard against a fixture of zeros: the gradients must carry signal.
      expect(Math.max(...got.gradX.map(Math.abs))).toBeGreaterThan(1e-4);
      expect(Math.abs(got.gradLr)).toBeGreaterThan(1e-4);
      expect(liveStorageStats().storages).toBe(before);
    });
  }
});
