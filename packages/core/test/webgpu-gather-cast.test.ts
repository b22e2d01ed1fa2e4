// WebGPU row gathers (gatherRows), deterministic index_add (indexAddRows) and dtype casts against the
// float64 CPU reference: gathers and casts bit-exact (casts wrap modulo 2^32 like typed arrays),
// index_add sums within 1e-6 relative and bit-identical from run to run.
import { beforeAll, describe, expect, it } from 'vitest';
import { type DType, type WebGpuBackend, cpuBackend, webgpuBackend } from '../src/index.js';
import { hostIndexAddPlan } from '../src/ops/index-plan.js';
import { type Pair, expectSame, firstMismatch, onBoth, randomValues, releaseAll, upload } from './util/backend-pair.js';
import { Rng } from './util/rng.js';
import './util/allclose.js';

let gpu: WebGpuBackend;
let pair: Pair;
beforeAll(async () => {
  gpu = await webgpuBackend();
  pair = { cpu: cpuBackend(), gpu };
});

const rng = new Rng(611);

describe('gatherRows and indexAddRows', () => {
  it('gathers rows with repeated indices, any dtype', async () => {
    for (const [rows, rowSize, k, dtype] of [[1, 1, 5, 'f32'], [7, 33, 40, 'f32'], [40, 7, 3, 'i32'], [13, 100, 64, 'u32'], [300, 3, 257, 'f32']] as [number, number, number, DType][]) {
      const x = upload(pair, randomValues(rng, rows * rowSize, dtype), dtype);
      const idx = upload(pair, rng.int(k, rows), 'i32');
      await expectSame(pair, (be, [s, i]) => be.gatherRows(s, i, k, rowSize), [x, idx], `gatherRows ${rows}x${rowSize} k=${k} ${dtype}`);
      releaseAll(x, idx);
    }
  });

  it('gives zero rows for out-of-range indices (the GPU cannot throw)', async () => {
    const x = gpu.fromData(randomValues(rng, 4 * 3), 'f32');
    const idx = gpu.fromData([1, -1, 4, 3], 'i32');
    const out = gpu.gatherRows(x, idx, 4, 3);
    const v = await gpu.read(out);
    const xv = await gpu.read(x);
    expect(Array.from(v)).toEqual([...xv.slice(3, 6), 0, 0, 0, 0, 0, 0, ...xv.slice(9, 12)]);
    [x, idx, out].forEach((s) => s.release());
  });

  it('adds rows deterministically in index order, matching the reference within 1e-6', async () => {
    for (const [rows, rowSize, k] of [[1, 1, 1], [5, 33, 300], [40, 7, 64], [50, 3, 2000], [256, 1, 33]]) {
      const src = upload(pair, randomValues(rng, k * rowSize));
      const idx = upload(pair, rng.int(k, rows), 'i32');
      const { cpu, gpu: g } = await onBoth(pair, [src, idx], (be, [s, i]) => be.indexAddRows(s, i, k, rows, rowSize));
      expect(g, `indexAdd ${rows}x${rowSize} k=${k}`).toBeAllClose(cpu, { rtol: 1e-6, atol: 1e-6 * Math.sqrt(k) });
      // A second run gives the same bits: no atomics, no order that depends on scheduling.
      const again = await onBoth(pair, [src, idx], (be, [s, i]) => be.indexAddRows(s, i, k, rows, rowSize));
      expect(firstMismatch(again.gpu, g)).toBe(-1);
      releaseAll(src, idx);
    }
  });

  it('gives the same bits with a host-built plan as with the GPU sort', async () => {
    for (const [rows, rowSize, k] of [[1, 1, 1], [5, 33, 300], [50, 3, 2000], [7840, 1, 31360]]) {
      const src = gpu.fromData(randomValues(rng, k * rowSize), 'f32');
      // Some indices out of range (skipped by both) and many repeats (order inside a run matters).
      const idxValues = Int32Array.from(rng.int(k, rows + 2), (v) => (v === rows + 1 ? -1 : v));
      const idx = gpu.fromData(idxValues, 'i32');
      const plan = gpu.fromData(hostIndexAddPlan(idxValues, rows), 'u32');
      const sorted = await gpu.read(gpu.indexAddRows(src, idx, k, rows, rowSize));
      const planned = await gpu.read(gpu.indexAddRows(src, idx, k, rows, rowSize, plan));
      expect(firstMismatch(planned, sorted), `indexAdd ${rows}x${rowSize} k=${k}`).toBe(-1);
      [src, idx, plan].forEach((s) => s.release());
    }
  });

  it('builds the host plan as a stable counting sort', () => {
    // idx = [2, 0, 2, 5 (out of range), 1, 0] over 3 rows: runs start at [0, 2, 3, 5]; order (row, j).
    expect(Array.from(hostIndexAddPlan([2, 0, 2, 5, 1, 0], 3))).toEqual([0, 2, 3, 5, 1, 5, 4, 0, 2, 0]);
  });

  it('skips out-of-range indices in indexAdd', async () => {
    const src = gpu.fromData([1, 2, 3, 4, 5, 6, 7, 8], 'f32');
    const idx = gpu.fromData([2, -1, 9, 2], 'i32');
    const out = gpu.indexAddRows(src, idx, 4, 3, 2);
    expect(Array.from(await gpu.read(out))).toEqual([0, 0, 0, 0, 8, 10]);
    [src, idx, out].forEach((s) => s.release());
  });
});

describe('cast', () => {
  // Float32 inputs with fractions of both signs, exact integers and values beyond 2^31 and 2^32, where
  // the reference wraps modulo 2^32; NaN and infinities give 0 like Int32Array stores.
  const floats = Float32Array.from([
    0, -0, 0.3, -0.7, 1.5, -1.5, 2.9999998, -2.9999998, 123456.7, -8388607.5, 16777216, 2147483520, -2147483648,
    3e9, -3e9, 5e9, 1e10, -1.23e12, 3.4e38, -3.4e38, 1e-30, NaN, Infinity, -Infinity, ...rng.normal(200).map((v) => v * 1e4),
  ]);
  const ints = Int32Array.from([0, 1, -1, 16777217, -16777217, 2 ** 31 - 1, -(2 ** 31), 123456789, ...Array.from(randomValues(rng, 200, 'i32'))]);

  it.each([['f32', 'i32'], ['f32', 'u32'], ['i32', 'u32'], ['u32', 'i32'], ['f32', 'f32']] as [DType, DType][])('%s -> %s matches the reference bit for bit', async (from, to) => {
    const x = upload(pair, from === 'f32' ? floats : from === 'i32' ? ints : Uint32Array.from(ints), from);
    await expectSame(pair, (be, [s]) => be.cast(s, to), [x], `cast ${from} -> ${to}`);
    releaseAll(x);
  });

  it.each([['i32'], ['u32']] as [DType][])('%s -> f32 rounds to the nearest float32', async (from) => {
    const x = upload(pair, from === 'i32' ? ints : Uint32Array.from(ints), from);
    const { cpu, gpu: g } = await onBoth(pair, [x], (be, [s]) => be.cast(s, 'f32'));
    expect(firstMismatch(g, Float32Array.from(cpu))).toBe(-1);
    releaseAll(x);
  });
});
