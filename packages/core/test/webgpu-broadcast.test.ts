// The broadcasting path of WebGPU binary ops (binary-strided.wgsl: merged dimensions, carried digits)
// against the float64 CPU reference, for every op over ranks 1..6 and random broadcast patterns.
// Tolerances: exact for comparisons/max/min (same float32 inputs); add/sub/mul within one float32
// rounding (rtol 1.2e-7 of the result); div rtol 1e-6; pow rtol 1e-5.
import { beforeAll, describe, expect, it } from 'vitest';
import { type BinaryOp, type WebGpuBackend, add, cpuBackend, mul, tensor, webgpuBackend } from '../src/index.js';
import { broadcastStrides, sizeOf } from '../src/tensor/shape.js';
import { type Pair, broadcastOperandShape, firstMismatch, onBoth, randomShape, releaseAll, upload } from './util/backend-pair.js';
import { Rng } from './util/rng.js';
import './util/allclose.js';

let gpu: WebGpuBackend;
let pair: Pair;
beforeAll(async () => {
  gpu = await webgpuBackend();
  pair = { cpu: cpuBackend(), gpu };
});

const rng = new Rng(31337);

const TOL: Record<BinaryOp, { rtol: number; atol: number } | 'exact'> = {
  add: { rtol: 1.2e-7, atol: 1e-30 }, sub: { rtol: 1.2e-7, atol: 1e-30 }, mul: { rtol: 1.2e-7, atol: 1e-30 },
  div: { rtol: 1e-6, atol: 1e-30 }, pow: { rtol: 1e-5, atol: 1e-30 },
  max: 'exact', min: 'exact', gt: 'exact', ge: 'exact', lt: 'exact', le: 'exact', eq: 'exact', ne: 'exact',
};

/** Operand values: pow gets positive bases with real exponents or any base with integer exponents;
 *  comparisons get a coarse grid so that ties (eq, ge, le) occur. */
function operandValues(op: BinaryOp, n: number, which: 'a' | 'b', integerPow: boolean): Float32Array {
  if (op === 'pow') {
    if (which === 'a') return Float32Array.from(rng.normal(n), (v) => (integerPow ? v * 2 : Math.abs(v) + 0.1));
    return Float32Array.from(rng.normal(n), (v) => (integerPow ? Math.round(v * 2) : v));
  }
  if (['gt', 'ge', 'lt', 'le', 'eq', 'ne', 'max', 'min'].includes(op)) return Float32Array.from(rng.uniform(n), (v) => Math.floor(v * 5) - 2);
  return Float32Array.from(rng.normal(n), (v) => (op === 'div' && which === 'b' ? Math.sign(v || 1) * (Math.abs(v) + 0.5) : v));
}

describe('broadcasting binary ops', () => {
  const ops: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'max', 'min', 'pow', 'gt', 'ge', 'lt', 'le', 'eq', 'ne'];
  it.each(ops)('%s over ranks 1..6 with random broadcast patterns', async (op) => {
    for (let rank = 1; rank <= 6; rank++)
      for (const integerPow of op === 'pow' ? [false, true] : [false]) {
        const shape = randomShape(rng, rank);
        const [as, bs] = [broadcastOperandShape(rng, shape), broadcastOperandShape(rng, shape)];
        const a = upload(pair, operandValues(op, sizeOf(as), 'a', integerPow));
        const b = upload(pair, operandValues(op, sizeOf(bs), 'b', integerPow));
        const { cpu, gpu: g } = await onBoth(pair, [a, b], (be, [sa, sb]) => be.binary(op, sa, sb, shape, broadcastStrides(as, shape), broadcastStrides(bs, shape)));
        const what = `${op} [${as}] with [${bs}] -> [${shape}]`;
        const tol = TOL[op];
        if (tol === 'exact') expect(firstMismatch(g, cpu), what).toBe(-1);
        else expect(g, what).toBeAllClose(cpu, tol);
        releaseAll(a, b);
      }
  });

  it('common layouts: bias over NCHW, per-sample scale, a scalar tensor, transposed operands', async () => {
    const cases: [number[], number[], number[], number[]][] = [
      // [shape, a strides, b strides] as the ops produce them, plus the b shape for the data size.
      [[7, 5, 9, 11], [495, 99, 11, 1], [0, 1, 0, 0], [5]],
      [[7, 5, 9, 11], [495, 99, 11, 1], [5, 1, 0, 0], [7, 5, 1, 1]],
      [[300], [1], [0], [1]],
      [[33, 17], [1, 33], [17, 1], [33, 17]],
    ];
    for (const [shape, as, bs, bShape] of cases) {
      const a = upload(pair, Float32Array.from(rng.normal(sizeOf(shape))));
      const b = upload(pair, Float32Array.from(rng.normal(sizeOf(bShape))));
      const { cpu, gpu: g } = await onBoth(pair, [a, b], (be, [sa, sb]) => be.binary('mul', sa, sb, shape, as, bs));
      expect(g, `mul [${shape}]`).toBeAllClose(cpu, { rtol: 1.2e-7, atol: 1e-30 });
      releaseAll(a, b);
    }
  });

  it('the rows kernel: per-channel, per-row, per-column and scalar operands, both sides, vec4 and odd widths, every op', async () => {
    // [shape, a shape, b shape] with a/b broadcast to shape; widths 12 (vec4) and 11 (f32), 1 and 64.
    const cases: [number[], number[], number[]][] = [
      [[3, 5, 4, 3], [3, 5, 4, 3], [1, 5, 1, 1]],
      [[3, 5, 11], [1, 5, 1], [3, 5, 11]],
      [[3, 5, 4, 4], [3, 5, 1, 1], [3, 5, 4, 4]],
      [[2, 7, 11], [2, 7, 11], [2, 7, 1]],
      [[9, 12], [9, 12], [12]],
      [[9, 11], [11], [9, 11]],
      [[9, 12], [1], [9, 12]],
      [[4, 6, 1], [4, 6, 1], [1, 6, 1]],
      [[2, 3, 64], [1, 3, 1], [2, 3, 64]],
      [[2, 3, 5, 7], [2, 3, 1, 1], [1, 3, 1, 1]],
    ];
    const kernels = new Set<string>();
    const dispatch = gpu.stream.dispatch.bind(gpu.stream);
    gpu.stream.dispatch = (spec, ...rest) => {
      kernels.add(spec.name);
      dispatch(spec, ...rest);
    };
    for (const op of ops)
      for (const [shape, as, bs] of cases) {
        const a = upload(pair, operandValues(op, sizeOf(as), 'a', true));
        const b = upload(pair, operandValues(op, sizeOf(bs), 'b', true));
        const { cpu, gpu: g } = await onBoth(pair, [a, b], (be, [sa, sb]) => be.binary(op, sa, sb, shape, broadcastStrides(as, shape), broadcastStrides(bs, shape)));
        const what = `rows ${op} [${as}] with [${bs}] -> [${shape}]`;
        const tol = TOL[op];
        if (tol === 'exact') expect(firstMismatch(g, cpu), what).toBe(-1);
        else expect(g, what).toBeAllClose(cpu, tol);
        releaseAll(a, b);
      }
    gpu.stream.dispatch = dispatch;
    expect([...kernels].sort()).toEqual(['binary-rows', 'binary-rows-vec4']);
  });

  it('the rows kernel past 65,535 workgroup rows (rows spill into z), and expands through copyStrided', async () => {
    // Two columns make 32 rows a workgroup: 65,535 x 32 + 9 rows need a second z layer.
    const rows = 65_535 * 32 + 9;
    const a = upload(pair, Float32Array.from(rng.normal(rows * 2)));
    const b = upload(pair, Float32Array.from(rng.normal(rows)));
    const { cpu, gpu: g } = await onBoth(pair, [a, b], (be, [sa, sb]) => be.binary('add', sa, sb, [rows, 2], [2, 1], [1, 0]));
    expect(firstMismatch(g, Float32Array.from(cpu, (v) => Math.fround(v))), 'add [rows, 2] + [rows, 1]').toBe(-1);
    releaseAll(a, b);
    // Expands: [n, c, 1] over [n, c, 7], [1, c, 1] over [n, c, 8], [1, 9] over [5, 9].
    for (const [shape, xs, strides] of [[[3, 4, 7], [3, 4, 1], [4, 1, 0]], [[3, 4, 8], [1, 4, 1], [0, 1, 0]], [[5, 9], [1, 9], [0, 1]]] as number[][][]) {
      const x = upload(pair, Float32Array.from(rng.normal(sizeOf(xs))));
      const r = await onBoth(pair, [x], (be, [sx]) => be.copyStrided(sx, shape, strides, 0));
      expect(firstMismatch(r.gpu, Float32Array.from(r.cpu)), `expand [${xs}] -> [${shape}]`).toBe(-1);
      releaseAll(x);
    }
  });

  it('through the public ops (add and mul with broadcasting)', async () => {
    const xv = Float32Array.from(rng.normal(3 * 4 * 5));
    const yv = Float32Array.from(rng.normal(4 * 1));
    const [rc, rg] = [pair.cpu, gpu].map((backend) => {
      const x = tensor(xv, [3, 4, 5], { backend });
      const y = tensor(yv, [4, 1], { backend });
      return mul(add(x, y), y);
    });
    expect(await rg.toArray()).toBeAllClose(await rc.toArray(), { rtol: 3e-7, atol: 1e-30 });
  });
});
