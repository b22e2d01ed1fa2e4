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
