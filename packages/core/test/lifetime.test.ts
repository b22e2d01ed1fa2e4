// Deterministic lifetimes on the cpu backend: tidy scopes, graphs freed by backward, and training
// loops whose memory stays flat (storages, bytes and handles counted exactly).
import { describe, expect, it } from 'vitest';
import {
  add, avgPool2d, conv2d, cpuBackend, crossEntropy, exp, expand, flatten, grad, instanceNorm, keep, linear, liveStorageStats,
  liveTensorHandles, mul, noGrad, relu, requiresGrad, sub, sum, square, tensor, tidy, type Tensor,
} from '../src/index.js';
import { Rng, sizeOfShape } from './util/rng.js';

const be = cpuBackend();
const rng = new Rng(97);
const rand = (shape: number[], std = 1) => tensor(rng.normal(sizeOfShape(shape), std), shape, { backend: be });
const snapshot = () => ({ ...liveStorageStats(), handles: liveTensorHandles() });

describe('tidy', () => {
  it('disposes intermediates and keeps what is returned (arrays, objects, maps) or kept', () => {
    const start = snapshot();
    let inner: Tensor | undefined;
    let kept: Tensor | undefined;
    const out = tidy(() => {
      const a = rand([3]);
      inner = exp(a);
      kept = keep(mul(a, 2));
      return { list: [add(a, 1)], map: new Map([['s', sum(a)]]) };
    });
    expect(inner!.isDisposed).toBe(true);
    expect(kept!.isDisposed).toBe(false);
    expect(out.list[0].isDisposed).toBe(false);
    expect(out.map.get('s')!.isDisposed).toBe(false);
    expect(snapshot().storages).toBe(start.storages + 3);
    [kept!, out.list[0], out.map.get('s')!].forEach((t) => t.dispose());
    expect(snapshot()).toEqual(start);
  });

  it('moves returned tensors to the enclosing scope, and disposes everything when fn throws', () => {
    const start = snapshot();
    tidy(() => {
      const r = tidy(() => exp(rand([2])));
      expect(r.isDisposed).toBe(false);
      return null;
    });
    expect(() => tidy(() => { rand([4]); throw new Error('boom'); })).toThrow('boom');
    expect(() => tidy(() => Promise.resolve(rand([2])) as unknown)).toThrow(/synchronous/);
    expect(snapshot()).toEqual(start);
  });

  it('ops never hand out their input: disposing a no-op expand keeps the input alive', () => {
    const x = rand([2, 3]);
    expand(x, [2, 3]).dispose();
    expect(x.isDisposed).toBe(false);
    expect(Array.from(be.readSync(x.storage))).toHaveLength(6);
    x.dispose();
  });
});

describe('graphs and backward', () => {
  it('grad without createGraph frees saved tensors; a second backward fails clearly unless retainGraph', () => {
    const start = snapshot();
    const x = requiresGrad(rand([5]));
    // exp saves its output; after tidy only the graph holds that storage.
    const loss = tidy(() => sum(exp(mul(x, 0.5))));
    expect(snapshot().storages).toBe(start.storages + 3);
    const [g] = grad(loss, [x]);
    expect(snapshot().storages).toBe(start.storages + 3); // exp's output freed, the gradient added
    expect(() => grad(loss, [x])).toThrow(/backward through 'exp' a second time.*retainGraph/);
    [g, loss, x].forEach((t) => t.dispose());
    expect(snapshot()).toEqual(start);

    const y = requiresGrad(rand([5]));
    const l2 = tidy(() => sum(exp(mul(y, 0.5))));
    const [g1] = grad(l2, [y], { retainGraph: true });
    const [g2] = grad(l2, [y]);
    expect(Array.from(be.readSync(g2.storage))).toEqual(Array.from(be.readSync(g1.storage)));
    [g1, g2, l2, y].forEach((t) => t.dispose());
    expect(snapshot()).toEqual(start);
  });

  it('a gradient with respect to an intermediate leaves the graph below it intact', () => {
    const x = requiresGrad(rand([4]));
    const y = exp(x);
    const [gy] = grad(sum(square(y)), [y]);
    expect(Array.from(be.readSync(gy.storage))).toEqual(Array.from(be.readSync(y.storage)).map((v) => 2 * v));
    const [gx] = grad(sum(y), [x]);
    expect(Array.from(be.readSync(gx.storage))).toEqual(Array.from(be.readSync(y.storage)));
    [gx, gy, y, x].forEach((t) => t.dispose());
  });

  it('an input listed twice gets two handles', () => {
    const x = requiresGrad(rand([3]));
    const [a, b] = grad(sum(square(x)), [x, x]);
    expect(a).not.toBe(b);
    a.dispose();
    expect(Array.from(be.readSync(b.storage))).toEqual(Array.from(be.readSync(x.storage)).map((v) => 2 * v));
    [b, x].forEach((t) => t.dispose());
  });

  it('frees a 30,000-node chain without overflowing the stack', () => {
    const start = snapshot();
    const x = requiresGrad(rand([2]));
    let y = x.alias();
    for (let i = 0; i < 30_000; i++) {
      const next = add(y, 1e-4);
      y.dispose();
      y = next;
    }
    const [g] = tidy(() => grad(sum(y), [x]));
    expect(Array.from(be.readSync(g.storage))).toEqual([1, 1]);
    [g, y, x].forEach((t) => t.dispose());
    expect(snapshot()).toEqual(start);
  });
});

describe('training loops keep memory flat', () => {
  const images = rand([4, 1, 6, 6]);
  const labels = tensor([0, 2, 1, 2], [4], { dtype: 'i32', backend: be });
  const model = (p: Tensor[], x: Tensor) =>
    linear(flatten(avgPool2d(relu(instanceNorm(conv2d(x, p[0], p[1], { padding: 1 }), p[2], p[3])), 2)), p[4], p[5]);
  const init = () => [rand([3, 1, 3, 3], 0.5), rand([3], 0.1), rand([3], 0.1), rand([3], 0.1), rand([3, 27], 0.3), rand([3], 0.1)].map((t) => requiresGrad(t));

  it('100 SGD steps (forward, grad, update in noGrad, dispose old params) end where they started', () => {
    let params = init();
    const start = snapshot();
    const losses: number[] = [];
    for (let step = 0; step < 100; step++) {
      const loss = tidy(() => crossEntropy(model(params, images), labels));
      losses.push(be.readSync(loss.storage)[0]);
      const grads = grad(loss, params);
      const next = tidy(() => noGrad(() => params.map((p, i) => requiresGrad(sub(p, mul(grads[i], 0.2))))));
      [loss, ...grads, ...params].forEach((t) => t.dispose());
      params = next;
    }
    expect(snapshot()).toEqual(start);
    expect(losses[99]).toBeLessThan(0.5 * losses[0]);
    params.forEach((t) => t.dispose());
  });

  it('20 meta-steps through an unrolled SGD step (createGraph) end where they started', () => {
    const params = init();
    let x = requiresGrad(add(images, 0)); // a copy, so replacing it frees its own storage
    const start = snapshot();
    for (let step = 0; step < 20; step++) {
      const gx = tidy(() => {
        const inner = grad(crossEntropy(model(params, x), labels), params, { createGraph: true });
        const theta1 = params.map((p, i) => sub(p, mul(inner[i], 0.1)));
        return grad(crossEntropy(model(theta1, images), labels), [x])[0];
      });
      const next = tidy(() => noGrad(() => requiresGrad(sub(x, mul(gx, 0.5)))));
      [gx, x].forEach((t) => t.dispose());
      x = next;
    }
    expect(snapshot()).toEqual(start);
    [x, ...params].forEach((t) => t.dispose());
  });
});
