// Fused per-plane normalisation without affine parameters (ops/normalize.ts): instanceNormalize, its
// backward and the backward's gradient in x, each one kernel.
// - float64 cpu backend: finite-difference checks to first and second order of all three ops (so up to
//   fourth derivatives of the normalisation), a third-order check through the forward, the fused
//   second-order kernel against finite differences and against the composite formulas, a Hessian-vector
//   product against the same written with mean/sub/square/rsqrt ops (1e-10), and leak checks.
// - WebGPU (llvmpipe) against the float64 reference for the three primitives on odd shapes (hw 1 to
//   100,001, scalar and vec4 loads, lanes-per-plane variants, more than 65,535 planes with the grid
//   spilled into y, llvmpipe's loop budget), and the public ops' second-order path. Tolerance per
//   plane: |gpu - cpu| <= 1e-4 · |cpu| + 1e-5 · scale, scale = kappa (y), r · max|g| · kappa (dx),
//   r² · max|g| · max|a| · kappa (gx), kappa = max(1, r · max|x|): f32 rounding of x - mean is
//   relative to |x|, and dx, gx cancel to O(eps / var) on tiny planes (hw = 2).
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type NormalizePlanesParams, type Tensor, type WebGpuBackend, add, cpuBackend, grad, instanceNormalize, instanceNormalizeBackward,
  instanceNormalizeBackwardGradX, liveStorageStats, liveTensorHandles, mean, mul, noGrad, requiresGrad, reshape, rsqrt, setBackend, square, sub, sum, tanh,
  tensor, tidy, webgpuBackend,
} from '../src/index.js';
import { gradXComposite, normalizeBackwardComposite, normalizeComposite } from '../src/ops/normalize.js';
import { NORMALIZE_TUNING, type NormalizeTuning, normalizePlanesBackwardOp, normalizePlanesGradXOp, normalizePlanesOp } from '../src/backend/webgpu/normalize.js';
import { assertAllClose } from './util/allclose.js';
import { type Arg, arg, checkGrads, randn } from './util/gradcheck.js';
import { Rng, sizeOfShape } from './util/rng.js';

const cpu = cpuBackend();
const rng = new Rng(4711);

/** Odd shapes: a general one, hw = 1 (xhat = 0: every derivative is zero), hw = 2 (P(u) ~ 0), hw = 4097. */
const SHAPES: number[][] = [[2, 3, 5, 7], [3, 2, 1, 1], [2, 2, 1, 2], [1, 2, 17, 241]];

/** Normals scaled and offset away from zero mean (the ops must not assume centred inputs). */
const xArg = (shape: number[]) => arg(shape, Float64Array.from(rng.normal(sizeOfShape(shape), 1.7), (v) => v + 0.6));

const cpuTensor = (a: Arg) => tensor(a.data, a.shape, { backend: cpu });
const read = (t: Tensor) => Float64Array.from(cpu.readSync(t.storage));

describe('normalize ops: finite-difference checks (cpu, first and second order)', () => {
  for (const shape of SHAPES) {
    it(`instanceNormalize [${shape}]`, () => {
      checkGrads((x) => instanceNormalize(x), [xArg(shape)], { name: `instanceNormalize [${shape}]` });
    });
    it(`instanceNormalizeBackward [${shape}] (in x and g)`, () => {
      checkGrads((x, g) => instanceNormalizeBackward(x, g), [xArg(shape), randn(rng, shape)], { name: `instanceNormalizeBackward [${shape}]` });
    });
    it(`instanceNormalizeBackwardGradX [${shape}] (in x, g and a: third and fourth derivatives)`, () => {
      checkGrads((x, g, a) => instanceNormalizeBackwardGradX(x, g, a), [xArg(shape), randn(rng, shape), randn(rng, shape)], {
        name: `instanceNormalizeBackwardGradX [${shape}]`,
      });
    });
  }

  it('eps other than the default, and x with a large offset', () => {
    const shape = [2, 2, 3, 3];
    const x = arg(shape, Float64Array.from(rng.normal(36, 0.2), (v) => v + 40));
    checkGrads((x) => instanceNormalize(x, 0.3), [x], { name: 'instanceNormalize eps 0.3' });
    checkGrads((x, g) => instanceNormalizeBackward(x, g, 0.05), [x, randn(rng, shape)], { name: 'instanceNormalizeBackward eps 0.05' });
  });

  it('third order through the forward: x -> d/dx sum(w · tanh(instanceNormalize(x)))', () => {
    const w = cpuTensor(randn(rng, [2, 3, 4, 5]));
    const f = (x: Tensor) => grad(sum(mul(w, tanh(instanceNormalize(x)))), [x], { createGraph: true })[0];
    checkGrads(f, [xArg([2, 3, 4, 5])], { name: 'grad tanh(instanceNormalize)' });
  });

  it('the fused second-order kernel is the gradient in x of <a, instanceNormalizeBackward(x, g)>', () => {
    for (const shape of SHAPES) {
      const [X, G, A] = [xArg(shape), randn(rng, shape), randn(rng, shape)];
      const eps = 1e-5;
      const at = (xs: ArrayLike<number>) => tidy(() => {
        const dx = read(noGrad(() => instanceNormalizeBackward(tensor(xs, shape, { backend: cpu }), cpuTensor(G))));
        let s = 0;
        for (let i = 0; i < dx.length; i++) s += dx[i] * A.data[i];
        return s;
      });
      const gx = tidy(() => read(noGrad(() => instanceNormalizeBackwardGradX(cpuTensor(X), cpuTensor(G), cpuTensor(A)))));
      for (let d = 0; d < 3; d++) {
        const v = rng.normal(X.data.length);
        // Five-point stencil (truncation O(h⁴)): hw = 2 planes have a large third derivative.
        const h = 1e-4;
        const f = (s: number) => at(Float64Array.from(X.data, (x, i) => x + s * h * v[i]));
        const fd = (f(-2) - 8 * f(-1) + 8 * f(1) - f(2)) / (12 * h);
        let vjp = 0;
        for (let i = 0; i < v.length; i++) vjp += gx[i] * v[i];
        assertAllClose([vjp], [fd], { rtol: 1e-6, atol: 1e-7 }, `[${shape}] direction ${d}`);
      }
      // The fused kernels against the composite formulas (float64: both exact to rounding).
      tidy(() => noGrad(() => {
        const [x, g, a] = [cpuTensor(X), cpuTensor(G), cpuTensor(A)];
        assertAllClose(read(instanceNormalizeBackwardGradX(x, g, a, eps)), read(gradXComposite(x, g, a, eps)), { rtol: 1e-10, atol: 1e-12 }, `gx [${shape}]`);
        assertAllClose(read(instanceNormalizeBackward(x, g, eps)), read(normalizeBackwardComposite(x, g, eps)), { rtol: 1e-10, atol: 1e-12 }, `dx [${shape}]`);
        assertAllClose(read(instanceNormalize(x, eps)), read(normalizeComposite(x, eps)), { rtol: 1e-10, atol: 1e-12 }, `y [${shape}]`);
      }));
    }
  });

  it('rejects non-NCHW input, mismatched operands and bad eps', () => {
    const x = cpuTensor(randn(rng, [2, 3, 4]));
    const y = cpuTensor(randn(rng, [2, 3, 2, 2]));
    const z = cpuTensor(randn(rng, [2, 3, 4, 1]));
    expect(() => instanceNormalize(x)).toThrow(/instanceNormalize: input must be NCHW, got \[2,3,4\]/);
    expect(() => instanceNormalizeBackward(y, z)).toThrow(/instanceNormalizeBackward: operand \[2,3,4,1\] must have the input's shape \[2,3,2,2\]/);
    expect(() => instanceNormalizeBackwardGradX(y, y, z)).toThrow(/operand \[2,3,4,1\]/);
    expect(() => instanceNormalize(y, -1)).toThrow(/eps must be a finite number >= 0/);
    [x, y, z].forEach((t) => t.dispose());
  });
});

/** The composite normalisation the fused op replaces, written with mean, sub, square, rsqrt, mul. */
function referenceNormalize(x: Tensor, eps: number): Tensor {
  const [n, c, h, w] = x.shape;
  const X = reshape(x, [n, c, h * w]);
  const centred = sub(X, mean(X, 2, true));
  const y = mul(centred, rsqrt(add(mean(square(centred), 2, true), eps)));
  return reshape(y, x.shape);
}

/** A nonlinear loss of the normalised values, its gradient with createGraph, then a Hessian-vector product. */
function hvp(normalize: (x: Tensor) => Tensor, xs: Arg, ws: Arg, vs: Arg): { loss: Float64Array; g: Float64Array; hv: Float64Array } {
  return tidy(() => {
    const x = requiresGrad(cpuTensor(xs));
    const y = normalize(x);
    const loss = sum(mul(cpuTensor(ws), mul(square(y), tanh(y))));
    const [g] = grad(loss, [x], { createGraph: true });
    const [hv] = grad(sum(mul(g, cpuTensor(vs))), [x]);
    return { loss: read(loss), g: read(g), hv: read(hv) };
  });
}

describe('normalize ops: Hessian-vector product against the composite (cpu)', () => {
  for (const shape of [[2, 3, 5, 7], [4, 3, 6, 6], [1, 2, 17, 241]]) {
    it(`f(x) = Σ w · y² · tanh(y), y = instanceNormalize(x), [${shape}]`, () => {
      const [xs, ws, vs] = [xArg(shape), randn(rng, shape), randn(rng, shape)];
      const before = liveStorageStats().storages;
      const fused = hvp((x) => instanceNormalize(x), xs, ws, vs);
      const composite = hvp((x) => referenceNormalize(x, 1e-5), xs, ws, vs);
      const tol = (r: Float64Array) => ({ rtol: 1e-10, atol: 1e-10 * Math.max(...r.map(Math.abs)) });
      assertAllClose(fused.loss, composite.loss, tol(composite.loss), 'loss');
      assertAllClose(fused.g, composite.g, tol(composite.g), 'gradient');
      assertAllClose(fused.hv, composite.hv, tol(composite.hv), 'Hessian-vector product');
      expect(liveStorageStats().storages).toBe(before);
    });
  }
});

describe('normalize ops: lifetimes (cpu)', () => {
  it('forward, createGraph gradient, second and third order free everything they made', () => {
    setBackend(cpu);
    const start = { ...liveStorageStats(), handles: liveTensorHandles() };
    const shape = [2, 3, 4, 5];
    const x = requiresGrad(cpuTensor(xArg(shape)));
    const w = cpuTensor(randn(rng, shape));
    const v = cpuTensor(randn(rng, shape));
    for (let round = 0; round < 3; round++) {
      const out = tidy(() => {
        const loss = sum(mul(w, tanh(instanceNormalize(x))));
        const [g1] = grad(loss, [x], { createGraph: true });
        const [g2] = grad(sum(mul(g1, v)), [x], { createGraph: true });
        const [g3] = grad(sum(mul(g2, v)), [x]);
        return g3;
      });
      out.dispose();
    }
    // Plain backward (no createGraph): saved tensors are freed at once, nothing else survives.
    const [g] = tidy(() => grad(sum(instanceNormalizeBackward(x, w)), [x]));
    g.dispose();
    [x, w, v].forEach((t) => t.dispose());
    expect({ ...liveStorageStats(), handles: liveTensorHandles() }).toEqual(start);
  });
});

describe('normalize kernels on WebGPU vs the float64 reference', () => {
  let gpu: WebGpuBackend;
  beforeAll(async () => {
    gpu = await webgpuBackend();
  });

  const TUNINGS: [string, NormalizeTuning][] = [
    ['lanes 1 (cpu preset)', NORMALIZE_TUNING.cpuAdapter],
    ['lanes 1, scalar loads', { workgroup: 64, lanes: () => 1, vec4: false }],
    ['lanes 8, scalar loads', { workgroup: 64, lanes: () => 8, vec4: false }],
    ['gpu preset', NORMALIZE_TUNING.gpuAdapter],
    ['lanes 4', { workgroup: 64, lanes: () => 4 }],
    ['lanes 64', { workgroup: 64, lanes: () => 64 }],
    ['wg 128 lanes 16', { workgroup: 128, lanes: () => 16 }],
  ];

  const maxAbs = (a: ArrayLike<number>) => {
    let m = 0;
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
    return m;
  };
  const f32 = (n: number, scale = 1, offset = 0) => Float32Array.from(rng.normal(n), (v) => (Math.abs(v) < 1e-3 ? 0.5 : v) * scale + offset);

  async function compare(planes: number, hw: number, eps: number, tuning: NormalizeTuning, label: string, scale = 1.7, offset = 0.6) {
    const p: NormalizePlanesParams = { planes, hw, eps };
    const n = planes * hw;
    const data = [f32(n, scale, offset), f32(n), f32(n, 0.5, 0.2)];
    const C = data.map((d) => cpu.fromData(d, 'f32'));
    const G = data.map((d) => gpu.fromData(d, 'f32'));
    const want = [cpu.normalizePlanes(C[0], p), cpu.normalizePlanesBackward(C[0], C[1], p), cpu.normalizePlanesBackwardGradX(C[0], C[1], C[2], p)];
    const got = [normalizePlanesOp(gpu, G[0], p, tuning), normalizePlanesBackwardOp(gpu, G[0], G[1], p, tuning), normalizePlanesGradXOp(gpu, G[0], G[1], G[2], p, tuning)];
    const w = want.map((s) => cpu.readSync(s));
    const g = await Promise.all(got.map((s) => gpu.read(s)));
    for (const s of [...C, ...G, ...want, ...got]) s.release();
    // Per plane: f32 rounding of x - mean is about 6e-8 · max|x|, so xhat's error scales with
    // kappa = r · max|x| (large for planes whose values nearly coincide); dx and gx then carry the
    // factors r · max|g| and r² · max|g| · max|a| of the terms that cancel in them.
    const names = ['y', 'dx', 'gx'];
    for (let pl = 0; pl < planes; pl++) {
      const at = (d: ArrayLike<number>) => Array.prototype.slice.call(d, pl * hw, (pl + 1) * hw) as number[];
      const xs = at(data[0]);
      const m = xs.reduce((s, v) => s + v, 0) / hw;
      const r = 1 / Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / hw + eps);
      const kappa = Math.max(1, r * maxAbs(xs));
      const scales = [kappa, r * maxAbs(at(data[1])) * kappa, r * r * maxAbs(at(data[1])) * maxAbs(at(data[2])) * kappa];
      names.forEach((what, i) => {
        assertAllClose(at(g[i]), at(w[i]), { rtol: 1e-4, atol: 1e-5 * scales[i] }, `${label} planes=${planes} hw=${hw} eps=${eps} offset=${offset}, plane ${pl}: ${what}`);
      });
    }
  }

  const CASES: [number, number, number][] = [
    // planes, hw, eps
    // (hw % 4 == 0: vec4 loads unless the tuning says otherwise)
    [15, 63, 1e-5], [7, 1, 1e-5], [6, 2, 1e-5], [11, 4, 1e-5], [130, 784, 1e-5], [5, 4097, 1e-5], [3, 65, 0.5], [9, 12, 0.5],
  ];
  for (const [label, tuning] of TUNINGS) {
    it(`odd shapes, ${label}`, async () => {
      for (const [planes, hw, eps] of CASES) await compare(planes, hw, eps, tuning, label);
    });
  }

  it('planes of 100,000 values, and inputs offset far from zero', async () => {
    // The cpu preset spreads long planes over just enough lanes for llvmpipe's loop budget (8 here).
    expect(NORMALIZE_TUNING.cpuAdapter.lanes(100_000)).toBe(8);
    await compare(2, 100_000, 1e-5, NORMALIZE_TUNING.cpuAdapter, 'hw 100000 cpu preset');
    await compare(2, 100_000, 1e-5, NORMALIZE_TUNING.gpuAdapter, 'hw 100000 gpu preset');
    await compare(3, 21_398, 1e-5, NORMALIZE_TUNING.cpuAdapter, 'hw 21398 cpu preset');
    await compare(2, 100_001, 1e-5, NORMALIZE_TUNING.cpuAdapter, 'hw 100001 cpu preset (scalar loads)');
    await compare(9, 300, 1e-5, NORMALIZE_TUNING.cpuAdapter, 'offset 20', 1, 20);
  });

  it('refuses a tuning that would overrun llvmpipe\'s loop budget instead of returning partial sums', () => {
    if (!gpu.ctx.description.isCpu) return;
    const x = gpu.fromData(new Float32Array(100_001), 'f32');
    expect(() => normalizePlanesOp(gpu, x, { planes: 1, hw: 100_001, eps: 1e-5 }, { workgroup: 64, lanes: () => 1 })).toThrow(/loop budget/);
    x.release();
  });

  it('more than 65,535 planes (grid spilled into y with one plane per workgroup)', async () => {
    await compare(70_001, 3, 1e-5, { workgroup: 64, lanes: () => 64 }, 'lanes 64');
    await compare(66_000, 4, 1e-5, { workgroup: 64, lanes: () => 64 }, 'lanes 64 vec4');
    await compare(70_001, 3, 1e-5, NORMALIZE_TUNING.cpuAdapter, 'lanes 1');
  });

  it('the public ops: gradient with createGraph and Hessian-vector product match the cpu, and free everything', async () => {
    const shape = [3, 4, 7, 9];
    const xs = arg(shape, Float32Array.from(rng.normal(sizeOfShape(shape), 1.7), (v) => v + 0.6));
    const ws = arg(shape, Float32Array.from(rng.normal(sizeOfShape(shape))));
    const vs = arg(shape, Float32Array.from(rng.normal(sizeOfShape(shape))));
    const run = (be: typeof cpu | WebGpuBackend) => tidy(() => {
      const up = (a: Arg) => tensor(a.data, a.shape, { backend: be });
      const x = requiresGrad(up(xs));
      const y = instanceNormalize(x);
      const loss = sum(mul(up(ws), mul(square(y), tanh(y))));
      const [g] = grad(loss, [x], { createGraph: true });
      // Second order through instanceNormalizeBackward: its rule runs the fused grad-x kernel.
      const [hv] = grad(sum(mul(g, up(vs))), [x]);
      return [loss, g, hv];
    });
    const before = liveStorageStats().storages;
    const want = run(cpu);
    const got = run(gpu);
    const w = want.map((t) => cpu.readSync(t.storage));
    const g = await Promise.all(got.map((t) => t.data()));
    [...want, ...got].forEach((t) => t.dispose());
    expect(liveStorageStats().storages).toBe(before);
    ['loss', 'gradient', 'Hessian-vector product'].forEach((what, i) => {
      assertAllClose(g[i], w[i], { rtol: 1e-3, atol: 1e-4 * maxAbs(w[i]) }, what);
    });
  });
});
