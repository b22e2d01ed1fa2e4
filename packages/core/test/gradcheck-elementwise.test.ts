// First- and second-order finite-difference checks of the elementwise ops (float64 cpu backend).
import { describe, it } from 'vitest';
import {
  abs, add, binary, cos, cpuBackend, div, exp, gt, log, maximum, minimum, mul, neg, pow, reciprocal, relu, rsqrt, sigmoid,
  sin, sqrt, square, sub, tanh, tensor, where, type Tensor,
} from '../src/index.js';
import { arg, checkGrads, randn } from './util/gradcheck.js';
import { Rng, sizeOfShape } from './util/rng.js';

const rng = new Rng(7);
const be = cpuBackend();

// Operand shape pairs: equal, broadcasting either way, both sides broadcasting, rank-0 tensors.
const SHAPES: [number[], number[]][] = [
  [[3, 5], [3, 5]],
  [[3, 5], [5]],
  [[5], [3, 5]],
  [[2, 1, 5], [3, 1]],
  [[1, 3], [3, 1]],
  [[], [2, 3]],
  [[2, 3], []],
];

/** Positive or negative values with |v| >= margin (denominators, kinks at 0). */
const awayFromZero = (shape: number[], margin = 0.5) => arg(shape, rng.normalAwayFromZero(sizeOfShape(shape), margin));

/** Two args whose broadcast pairs differ by at least `gap`, so max/min have no ties near the stencil. */
function untied(sa: number[], sb: number[], gap = 1e-2): [ReturnType<typeof arg>, ReturnType<typeof arg>] {
  for (;;) {
    const a = rng.normal(sizeOfShape(sa));
    const b = rng.normal(sizeOfShape(sb));
    if (a.every((x) => b.every((y) => Math.abs(x - y) > gap))) return [arg(sa, a), arg(sb, b)];
  }
}

describe('gradcheck: binary ops with broadcasting', () => {
  for (const [sa, sb] of SHAPES) {
    const tag = `[${sa}] with [${sb}]`;
    it(`add/sub/mul ${tag}`, () => {
      const a = randn(rng, sa);
      const b = randn(rng, sb);
      checkGrads(add, [a, b], { name: `add ${tag}` });
      checkGrads(sub, [a, b], { name: `sub ${tag}` });
      checkGrads(mul, [a, b], { name: `mul ${tag}` });
    });
    it(`div ${tag}`, () => checkGrads(div, [randn(rng, sa), awayFromZero(sb)], { name: `div ${tag}` }));
    it(`maximum/minimum ${tag} away from ties`, () => {
      const [a, b] = untied(sa, sb);
      checkGrads(maximum, [a, b], { name: `maximum ${tag}` });
      checkGrads(minimum, [a, b], { name: `minimum ${tag}` });
    });
  }

  it('the same tensor as both operands accumulates both gradients', () => {
    const x = randn(rng, [4, 3]);
    checkGrads((t) => mul(t, t), [x], { name: 'x*x' });
    checkGrads((t) => div(t, add(mul(t, t), 1)), [x], { name: 'x/(x^2+1)' });
  });
});

describe('gradcheck: scalar operands on either side', () => {
  const x = () => awayFromZero([3, 4], 0.4);
  const c = 0.7;
  const cases: [string, (t: Tensor) => Tensor][] = [
    ['x + c', (t) => add(t, c)], ['c + x', (t) => add(c, t)],
    ['x - c', (t) => sub(t, c)], ['c - x', (t) => sub(c, t)],
    ['x * c', (t) => mul(t, c)], ['c * x', (t) => mul(c, t)],
    ['x / c', (t) => div(t, c)], ['c / x', (t) => div(c, t)],
    // Inputs stay at least 0.4 away from 0, so comparing with 0 keeps the kink out of the stencil.
    ['max(x, 0)', (t) => maximum(t, 0)], ['max(0, x)', (t) => maximum(0, t)],
    ['min(x, 0)', (t) => minimum(t, 0)], ['min(0, x)', (t) => minimum(0, t)],
  ];
  for (const [name, f] of cases) it(name, () => checkGrads(f, [x()], { name }));
});

describe('gradcheck: pow', () => {
  const positive = () => arg([2, 5], rng.uniform(10, 0.5, 2));
  for (const p of [0, 1, 2, 3, 0.5, -1.5]) {
    it(`x ** ${p}`, () => checkGrads((t) => pow(t, p), [positive()], { name: `x ** ${p}` }));
  }
  it('integer power of negative bases', () => checkGrads((t) => pow(t, 3), [awayFromZero([7])], { name: 'x ** 3, x < 0' }));
  it('c ** x (scalar base)', () => checkGrads((t) => binary('pow', 1.7, t), [randn(rng, [2, 3])], { name: '1.7 ** x' }));
});

describe('gradcheck: unary ops', () => {
  const positive = () => arg([3, 4], rng.uniform(12, 0.5, 2));
  const anywhere = () => randn(rng, [3, 4]);
  const nonzero = () => awayFromZero([3, 4], 0.3);
  const cases: [string, (t: Tensor) => Tensor, () => ReturnType<typeof arg>][] = [
    ['neg', neg, anywhere], ['exp', exp, anywhere], ['log', log, positive], ['sqrt', sqrt, positive],
    ['rsqrt', rsqrt, positive], ['relu', relu, nonzero], ['abs', abs, nonzero], ['square', square, anywhere],
    ['reciprocal', reciprocal, nonzero], ['sigmoid', sigmoid, anywhere], ['tanh', tanh, anywhere],
    ['sin', sin, anywhere], ['cos', cos, anywhere],
  ];
  for (const [name, f, input] of cases) it(name, () => checkGrads(f, [input()], { name }));

  it('a composition differentiates through saved outputs and inputs alike', () => {
    checkGrads((t) => mul(exp(sin(t)), sqrt(add(square(t), 1))), [anywhere()], { name: 'exp(sin x) sqrt(x^2+1)' });
  });
});

describe('gradcheck: where', () => {
  const condOf = (shape: number[]) => gt(tensor(rng.normal(sizeOfShape(shape)), shape, { backend: be }), 0);
  const layouts: [number[], number[], number[]][] = [
    [[3, 4], [3, 4], [3, 4]],
    [[3, 4], [4], [3, 1]],
    [[3, 1], [1, 4], [3, 4]],
  ];
  for (const [sc, sa, sb] of layouts) {
    it(`cond [${sc}], a [${sa}], b [${sb}]`, () => {
      const cond = condOf(sc);
      checkGrads((a, b) => where(cond, a, b), [randn(rng, sa), randn(rng, sb)], { name: 'where' });
      cond.dispose();
    });
  }
});
