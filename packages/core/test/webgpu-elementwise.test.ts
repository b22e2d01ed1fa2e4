// The four-elements-per-invocation elementwise kernels (unary-vec4, binary-vec4) against the float64
// CPU reference, on sizes that are not multiples of four. Tolerances follow PLATFORM.md's measured f32
// accuracy on llvmpipe: exact where the op is exact in f32, one rounding (1.2e-7 relative) for
// arithmetic, 2e-6 relative for exp/sigmoid/pow (plus the smallest normal f32, 1.2e-38, absolute:
// GPUs flush results below it to zero), 2e-7 absolute for log/tanh/sin/cos.
import { beforeAll, describe, expect, it } from 'vitest';
import { type BinaryOp, type UnaryOp, type WebGpuBackend, cpuBackend, exp, mul, sub, tensor, webgpuBackend } from '../src/index.js';
import { type Pair, firstMismatch, onBoth, releaseAll, upload } from './util/backend-pair.js';
import { Rng } from './util/rng.js';
import './util/allclose.js';

let gpu: WebGpuBackend;
let pair: Pair;
beforeAll(async () => {
  gpu = await webgpuBackend();
  pair = { cpu: cpuBackend(), gpu };
});

const rng = new Rng(99);
const SIZES = [1, 3, 5, 1023, 4097];
type Tol = { rtol: number; atol: number } | 'exact';

const UNARY: [UnaryOp, Tol, 'any' | 'positive'][] = [
  ['neg', 'exact', 'any'], ['exp', { rtol: 2e-6, atol: 1.2e-38 }, 'any'], ['log', { rtol: 1e-6, atol: 2e-7 }, 'positive'],
  ['sqrt', { rtol: 2e-7, atol: 0 }, 'positive'], ['rsqrt', { rtol: 2e-7, atol: 0 }, 'positive'], ['relu', 'exact', 'any'],
  ['step', 'exact', 'any'], ['abs', 'exact', 'any'], ['sign', 'exact', 'any'], ['square', { rtol: 1.2e-7, atol: 0 }, 'any'],
  ['recip', { rtol: 2e-7, atol: 0 }, 'any'], ['sin', { rtol: 1e-6, atol: 2e-7 }, 'any'], ['cos', { rtol: 1e-6, atol: 2e-7 }, 'any'],
  ['tanh', { rtol: 1e-6, atol: 2e-7 }, 'any'], ['sigmoid', { rtol: 2e-6, atol: 1.2e-38 }, 'any'], ['floor', 'exact', 'any'],
  ['isfinite', 'exact', 'any'],
];

function inputs(n: number, domain: 'any' | 'positive'): Float32Array {
  const v = Float32Array.from(rng.normal(n), (x) => (domain === 'positive' ? Math.abs(x) * 3 + 0.05 : x * 3));
  // Exact zeros (both signs) where the domain allows them: relu/step/sign/abs must treat them right.
  if (domain === 'any' && n > 2) [v[1], v[2]] = [0, -0];
  return v;
}

/** Non-finite reference values (1/0, exp overflow, NaN) must be matched exactly; finite ones within tol. */
function check(g: ArrayLike<number>, c: ArrayLike<number>, tol: Tol, what: string) {
  expect(g.length, what).toBe(c.length);
  const special = Array.from(c, (v, i) => i).filter((i) => !Number.isFinite(c[i]));
  expect(firstMismatch(special.map((i) => g[i]), special.map((i) => c[i])), `${what}: non-finite results`).toBe(-1);
  const finite = Array.from(c, (v, i) => i).filter((i) => Number.isFinite(c[i]));
  const [gf, cf] = [finite.map((i) => g[i]), finite.map((i) => c[i])];
  if (tol === 'exact') expect(firstMismatch(gf, cf), what).toBe(-1);
  else expect(gf, what).toBeAllClose(cf, tol);
}

describe('unary-vec4', () => {
  it.each(UNARY)('%s matches the reference on sizes 1, 3, 5, 1023, 4097', async (op, tol, domain) => {
    for (const n of SIZES) {
      const x = upload(pair, inputs(n, domain));
      const { cpu, gpu: g } = await onBoth(pair, [x], (be, [s]) => be.unary(op, s));
      check(g, cpu, tol, `${op} of ${n}`);
      releaseAll(x);
    }
  });

  it('handles NaN, infinities, overflow and underflow like the reference', async () => {
    const x = upload(pair, Float32Array.from([NaN, Infinity, -Infinity, 3.4e38, -1e-40, 0, -0, 1000, -1000, 88, -87, -104]));
    for (const [op, tol] of UNARY.filter(([op]) => ['isfinite', 'exp', 'recip', 'sigmoid', 'relu', 'sign', 'step', 'abs'].includes(op))) {
      const { cpu, gpu: g } = await onBoth(pair, [x], (be, [s]) => be.unary(op, s));
      // The reference rounded to f32: 1 / -1e-40 overflows there, as it does on the GPU.
      check(g, Array.from(cpu, Math.fround), tol, `${op} of special values`);
    }
    releaseAll(x);
  });
});

describe('binary-vec4', () => {
  const ops: [BinaryOp, Tol][] = [
    ['add', { rtol: 1.2e-7, atol: 1e-30 }], ['sub', { rtol: 1.2e-7, atol: 1e-30 }], ['mul', { rtol: 1.2e-7, atol: 1e-30 }],
    ['div', { rtol: 1e-6, atol: 1e-30 }], ['max', 'exact'], ['min', 'exact'], ['pow', { rtol: 2e-6, atol: 1e-30 }],
    ['gt', 'exact'], ['ge', 'exact'], ['lt', 'exact'], ['le', 'exact'], ['eq', 'exact'], ['ne', 'exact'],
  ];

  /** pow: positive bases with real exponents and signed bases with integer exponents, alternating. */
  function operands(op: BinaryOp, n: number): [Float32Array, Float32Array] {
    if (op === 'pow') {
      const a = Float32Array.from(rng.normal(n), (v, i) => (i % 2 ? v * 2 : Math.abs(v) + 0.1));
      const b = Float32Array.from(rng.normal(n), (v, i) => (i % 2 ? Math.round(v * 2) : v));
      return [a, b];
    }
    // A coarse grid for comparisons and max/min so that ties occur; divisors kept away from zero.
    const coarse = ['gt', 'ge', 'lt', 'le', 'eq', 'ne', 'max', 'min'].includes(op);
    const a = Float32Array.from(rng.normal(n), (v) => (coarse ? Math.round(v * 2) : v));
    const b = Float32Array.from(rng.normal(n), (v) => (coarse ? Math.round(v * 2) : op === 'div' ? Math.sign(v || 1) * (Math.abs(v) + 0.5) : v));
    return [a, b];
  }

  it.each(ops)('%s on same-size operands and against a scalar on either side', async (op, tol) => {
    for (const n of SIZES) {
      const [av, bv] = operands(op, n);
      const a = upload(pair, av);
      const b = upload(pair, bv);
      const same = await onBoth(pair, [a, b], (be, [sa, sb]) => be.binary(op, sa, sb, [n], [1], [1]));
      check(same.gpu, same.cpu, tol, `${op} of ${n}`);
      const s = op === 'pow' ? 3 : op === 'div' ? -1.75 : 0.5;
      for (const first of [false, true]) {
        // pow with a scalar base needs a positive base; with a scalar exponent 3, any base works.
        const x = op === 'pow' && first ? upload(pair, Float32Array.from(av, Math.abs)) : a;
        const r = await onBoth(pair, [x], (be, [sx]) => be.binaryScalar(op, sx, first ? 1.5 : s, first));
        check(r.gpu, r.cpu, tol, `${op} of ${n} with scalar ${first ? 'first' : 'second'}`);
        if (x !== a) releaseAll(x);
      }
      releaseAll(a, b);
    }
  });

  it('through the public ops', async () => {
    const xv = Float32Array.from(rng.normal(4 * 7 * 3));
    const [rc, rg] = [pair.cpu, gpu].map((backend) => {
      const x = tensor(xv, [4, 7, 3], { backend });
      return sub(exp(mul(x, 0.5)), mul(x, x));
    });
    expect(await rg.toArray()).toBeAllClose(await rc.toArray(), { rtol: 2e-6, atol: 1e-6 });
  });
});
