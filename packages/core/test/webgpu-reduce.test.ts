// WebGPU reduce (sum/max/min over the middle axis of [outer, r, inner]) against the float64 CPU
// reference: long rows (tree passes), many short rows, column reductions, NaN/-Inf handling, a grid
// large enough to spill into y, and the public sum/max/min/mean over various axes.
import { beforeAll, describe, expect, it } from 'vitest';
import { type ReduceOp, type WebGpuBackend, cpuBackend, max, mean, min, random, sum, tensor, webgpuBackend } from '../src/index.js';
import { REDUCE_TUNING, reduceOp } from '../src/backend/webgpu/reduce.js';
import { type Pair, firstMismatch, onBoth, releaseAll, upload } from './util/backend-pair.js';
import { Rng } from './util/rng.js';
import './util/allclose.js';

let gpu: WebGpuBackend;
let pair: Pair;
beforeAll(async () => {
  gpu = await webgpuBackend();
  pair = { cpu: cpuBackend(), gpu };
});

const rng = new Rng(77);

/**
 * A sum's f32 rounding error is bounded by (summation depth) · 2^-24 · Σ|x|. Tree and chunked passes
 * keep the depth near log2(r) + the serial chunk (64 to 256), so 1e-6 · Σ|x| (depth ~17) is a bound a
 * sequential f32 loop over a long row would not meet.
 */
function absSums(x: ArrayLike<number>, outer: number, r: number, inner: number): Float64Array {
  const out = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) for (let k = 0; k < r; k++) for (let i = 0; i < inner; i++) out[o * inner + i] += Math.abs(x[(o * r + k) * inner + i]);
  return out;
}

/** Both presets run here: the CPU-adapter one (serial chunks) and the GPU one (workgroup trees). */
const PRESETS = Object.keys(REDUCE_TUNING) as (keyof typeof REDUCE_TUNING)[];

async function checkReduce(op: ReduceOp, values: Float32Array, outer: number, r: number, inner: number, preset: keyof typeof REDUCE_TUNING = 'cpuAdapter') {
  const x = upload(pair, values);
  const { cpu, gpu: g } = await onBoth(pair, [x], (be, [s]) =>
    be === gpu ? reduceOp(gpu, op, s, outer, r, inner, REDUCE_TUNING[preset]) : be.reduce(op, s, outer, r, inner),
  );
  releaseAll(x);
  const what = `${op} over [${outer}, ${r}, ${inner}] (${preset} preset)`;
  expect(g.length, what).toBe(outer * inner);
  if (op === 'sum') {
    const bound = absSums(values, outer, r, inner);
    // Non-finite results (NaN, ±Inf) must match exactly.
    const bad = Array.from(g).findIndex((v, i) => (Number.isFinite(cpu[i]) ? !(Math.abs(v - cpu[i]) <= 1e-6 * bound[i]) : !Object.is(v, cpu[i])));
    expect(bad, `${what}: element ${bad} gpu ${g[bad]} cpu ${cpu[bad]}`).toBe(-1);
  } else {
    // max/min select an input, so they are exact.
    const at = firstMismatch(g, cpu);
    expect(at, `${what}: element ${at} gpu ${g[at]} cpu ${cpu[at]}`).toBe(-1);
  }
}

const shapes: [number, number, number][] = [
  [1, 1, 1], [1, 320000, 1], [2560, 1024, 1], [256, 10, 1], [1, 256, 10], [3, 7, 5], [5, 1, 7], [7, 33, 3],
  [3, 257, 1], [2, 4097, 1], [1, 70000, 3], [4, 300, 33], [33, 5000, 1], [1, 1000, 1000],
];

describe('reduce primitive', () => {
  it.each(shapes)('sum, max and min of [%i, %i, %i] on random inputs, both presets', async (outer, r, inner) => {
    const values = Float32Array.from(rng.normal(outer * r * inner));
    for (const preset of PRESETS) for (const op of ['sum', 'max', 'min'] as ReduceOp[]) await checkReduce(op, values, outer, r, inner, preset);
  });

  it('sums 320,000 positive values to 1e-6 relative (blocked order, not a sequential f32 loop)', async () => {
    const values = Float32Array.from(rng.uniform(320000));
    for (const preset of PRESETS) await checkReduce('sum', values, 1, 320000, 1, preset);
  });

  it('propagates NaN through max/min/sum and keeps infinities', async () => {
    for (const [outer, r, inner] of [[4, 9, 1], [3, 600, 1], [2, 300, 3]]) {
      const values = Float32Array.from(rng.normal(outer * r * inner));
      values[r * inner + 2] = NaN; // one NaN in the second row/column block
      values[(outer - 1) * r * inner + 1] = -Infinity;
      values[(outer - 1) * r * inner + 3] = Infinity;
      for (const preset of PRESETS) for (const op of ['sum', 'max', 'min'] as ReduceOp[]) await checkReduce(op, values, outer, r, inner, preset);
    }
  });

  it('gives the identity for empty rows, like the reference', async () => {
    for (const op of ['sum', 'max', 'min'] as ReduceOp[]) {
      const x = upload(pair, []);
      const { cpu, gpu: g } = await onBoth(pair, [x], (be, [s]) => be.reduce(op, s, 2, 0, 3));
      expect(Array.from(g)).toEqual(Array.from(cpu));
      releaseAll(x);
    }
  });

  it('reduces rows of a grid with more than 65,535 workgroups (spilled into y)', async () => {
    // 70,000 rows of 24: one reduce-rows workgroup per row (a tree preset for short rows, so the grid is
    // large while the data stays small). The input is drawn on the GPU by the
    // counter RNG; the reference recomputes only the rows around and beyond the 65,535th from the same
    // counters (uniformAt is exact in f32), which keeps the test fast.
    const [outer, r, seed] = [70000, 24, 5];
    const x = gpu.random('uniform', outer * r, seed, 0);
    const key = random.streamKey(seed);
    const rowsChecked = [0, 1, 65534, 65535, 65536, 69998, 69999, ...Array.from({ length: 40 }, () => Math.floor(rng.next() * outer))];
    for (const op of ['sum', 'max'] as ReduceOp[]) {
      const out = reduceOp(gpu, op, x, outer, r, 1, { ...REDUCE_TUNING.gpuAdapter, treeMinRow: 8, treeWorkgroup: 64, treeChunk: 64 });
      const g = await gpu.read(out);
      out.release();
      for (const row of rowsChecked) {
        let acc = op === 'sum' ? 0 : -Infinity;
        for (let k = 0; k < r; k++) {
          const v = random.uniformAt(key, row * r + k);
          acc = op === 'sum' ? acc + v : Math.max(acc, v);
        }
        if (op === 'sum') expect(Math.abs(g[row] - acc), `row ${row}`).toBeLessThanOrEqual(1e-6 * acc);
        else expect(g[row], `row ${row}`).toBe(acc);
      }
    }
    x.release();
  });
});

describe('public reductions on webgpu', () => {
  const cases: [number[], number | number[] | undefined, boolean][] = [
    [[3, 5, 7], undefined, false], [[3, 5, 7], 0, false], [[3, 5, 7], 1, true], [[3, 5, 7], -1, false],
    [[3, 5, 7], [0, 2], false], [[7, 3, 4, 5], [0, 2, 3], true], [[2, 3, 4, 5, 6], [1, 3], false], [[33], 0, true],
  ];
  it.each(cases)('sum/max/min/mean of %j over axes %j (keepdim %s)', async (shape, axes, keepdim) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = Float32Array.from(rng.normal(n));
    for (const f of [sum, max, min, mean]) {
      const xc = tensor(values, shape, { backend: pair.cpu });
      const xg = tensor(values, shape, { backend: gpu });
      const [rc, rg] = [f(xc, axes, keepdim), f(xg, axes, keepdim)];
      expect(rg.shape).toEqual(rc.shape);
      expect(await rg.toArray(), `${f.name} [${shape}] axes ${axes}`).toBeAllClose(await rc.toArray(), { rtol: 1e-5, atol: 1e-5 });
      [xc, xg, rc, rg].forEach((t) => t.dispose());
    }
  });
});
