// WebGPU strided data movement (copyStrided: permute, strided slice, expand; padInto; where with
// broadcasting) against the float64 CPU reference on random inputs over ranks 1..6, odd sizes and
// broadcast patterns, f32 and integer dtypes. Data movement must be bit-exact.
import { beforeAll, describe, it } from 'vitest';
import { type DType, type WebGpuBackend, cpuBackend, webgpuBackend } from '../src/index.js';
import { broadcastStrides, contiguousStrides, sizeOf } from '../src/tensor/shape.js';
import { type Pair, broadcastOperandShape, expectSame, randomShape, randomValues, releaseAll, upload } from './util/backend-pair.js';
import { Rng } from './util/rng.js';

let gpu: WebGpuBackend;
let pair: Pair;
beforeAll(async () => {
  gpu = await webgpuBackend();
  pair = { cpu: cpuBackend(), gpu };
});

const rng = new Rng(20240611);

function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

describe('copyStrided', () => {
  it('permutes ranks 1..6 exactly, f32 and i32', async () => {
    for (let rank = 1; rank <= 6; rank++)
      for (const dtype of ['f32', 'i32'] as DType[]) {
        const shape = randomShape(rng, rank);
        const perm = shuffle([...Array(rank).keys()]);
        const cs = contiguousStrides(shape);
        const x = upload(pair, randomValues(rng, sizeOf(shape), dtype), dtype);
        await expectSame(pair, (be, [s]) => be.copyStrided(s, perm.map((p) => shape[p]), perm.map((p) => cs[p]), 0), [x], `permute [${shape}] by [${perm}] ${dtype}`);
        releaseAll(x);
      }
  });

  it('slices with steps and offsets, and expands broadcast dimensions', async () => {
    for (let rank = 1; rank <= 6; rank++) {
      const shape = randomShape(rng, rank);
      const cs = contiguousStrides(shape);
      const steps = shape.map((d) => 1 + Math.floor(rng.next() * Math.min(3, d)));
      const starts = shape.map((d, i) => Math.floor(rng.next() * (d - (d > steps[i] ? steps[i] : 0))));
      const sizes = shape.map((d, i) => Math.max(1, Math.floor((d - 1 - starts[i]) / steps[i]) + 1));
      const offset = starts.reduce((o, s, d) => o + s * cs[d], 0);
      const x = upload(pair, randomValues(rng, sizeOf(shape), 'f32'));
      await expectSame(pair, (be, [s]) => be.copyStrided(s, sizes, cs.map((c, d) => c * steps[d]), offset), [x], `slice of [${shape}] at [${starts}] step [${steps}]`);
      // Expand: size-1 dimensions (and new leading ones) broadcast with stride 0.
      const small = shape.map((d) => (rng.next() < 0.5 ? 1 : d));
      const big = [3, ...shape];
      const y = upload(pair, randomValues(rng, sizeOf(small), 'f32'));
      await expectSame(pair, (be, [s]) => be.copyStrided(s, big, broadcastStrides(small, big), 0), [y], `expand [${small}] to [${big}]`);
      releaseAll(x, y);
    }
  });

  it('copies a contiguous run at an offset (the buffer-copy path) and single elements', async () => {
    const x = upload(pair, randomValues(rng, 7 * 5 * 3));
    await expectSame(pair, (be, [s]) => be.copyStrided(s, [4, 5, 3], [15, 3, 1], 30), [x], 'rows 2..5 of [7, 5, 3]');
    await expectSame(pair, (be, [s]) => be.copyStrided(s, [], [], 17), [x], 'one element at offset 17');
    await expectSame(pair, (be, [s]) => be.copyStrided(s, [1, 1], [0, 0], 5), [x], 'one element of shape [1, 1]');
    await expectSame(pair, (be, [s]) => be.padInto(s, [7, 5, 3], [10, 5, 3], [2, 0, 0], [1, 1, 1]), [x], 'rows placed at row 2 of [10, 5, 3]');
    releaseAll(x);
  });
});

describe('padInto', () => {
  it('places x at starts with steps in a zero tensor, f32 and u32', async () => {
    for (let rank = 1; rank <= 6; rank++)
      for (const dtype of ['f32', 'u32'] as DType[]) {
        const xShape = randomShape(rng, rank).map((d) => Math.min(d, 12));
        const steps = xShape.map(() => 1 + Math.floor(rng.next() * 2));
        const starts = xShape.map(() => Math.floor(rng.next() * 4));
        const outShape = xShape.map((d, i) => starts[i] + (d - 1) * steps[i] + 1 + Math.floor(rng.next() * 4));
        const x = upload(pair, randomValues(rng, sizeOf(xShape), dtype), dtype);
        await expectSame(pair, (be, [s]) => be.padInto(s, xShape, outShape, starts, steps), [x], `pad [${xShape}] into [${outShape}] at [${starts}] step [${steps}]`);
        releaseAll(x);
      }
  });
});

describe('where', () => {
  it('selects with broadcasting over ranks 1..6 (f32 and i32 conditions and branches)', async () => {
    for (let rank = 1; rank <= 6; rank++)
      for (const [condType, dtype] of [['f32', 'f32'], ['i32', 'i32'], ['f32', 'u32']] as [DType, DType][]) {
        const shape = randomShape(rng, rank);
        const [cs, as, bs] = [0, 1, 2].map(() => broadcastOperandShape(rng, shape));
        // f32 conditions include -0 (false) and NaN (true), like `c !== 0` on the CPU.
        const condPool = condType === 'f32' ? [0, -0, 1, 0.5, NaN, -2] : [0, 1, -1, 7, 0];
        const cond = Array.from({ length: sizeOf(cs) }, () => condPool[Math.floor(rng.next() * condPool.length)]);
        const c = upload(pair, cond, condType);
        const a = upload(pair, randomValues(rng, sizeOf(as), dtype), dtype);
        const b = upload(pair, randomValues(rng, sizeOf(bs), dtype), dtype);
        await expectSame(pair, 
          (be, [sc, sa, sb]) => be.where(sc, sa, sb, shape, broadcastStrides(cs, shape), broadcastStrides(as, shape), broadcastStrides(bs, shape)),
          [c, a, b],
          `where [${cs}] ? [${as}] : [${bs}] -> [${shape}] (${condType} cond, ${dtype})`,
        );
        releaseAll(c, a, b);
      }
  });
});
