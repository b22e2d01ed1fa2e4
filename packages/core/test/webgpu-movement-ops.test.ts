// The public movement ops (permute, transpose, slice with steps, expand, pad, concat, indexSelect,
// indexAdd, where, cast) and gradients through them on WebGPU, against the same ops on the CPU backend.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type DType, type Tensor, type WebGpuBackend, cast, concat, cpuBackend, expand, grad, indexAdd, indexSelect, mul, pad, permute,
  requiresGrad, slice, sum, tensor, transpose, webgpuBackend, where,
} from '../src/index.js';
import { type Pair, firstMismatch, randomValues } from './util/backend-pair.js';
import { Rng } from './util/rng.js';
import './util/allclose.js';

let gpu: WebGpuBackend;
let pair: Pair;
beforeAll(async () => {
  gpu = await webgpuBackend();
  pair = { cpu: cpuBackend(), gpu };
});

const rng = new Rng(1106);

describe('public movement ops on webgpu match the cpu backend', () => {
  /** Builds the same tensor on both backends from float32 (or integer) values. */
  function both(values: ArrayLike<number>, shape: number[], dtype: DType = 'f32'): [Tensor, Tensor] {
    return [tensor(values, shape, { dtype, backend: pair.cpu }), tensor(values, shape, { dtype, backend: gpu })];
  }

  async function expectEqual(c: Tensor, g: Tensor, what: string) {
    expect(g.shape, what).toEqual(c.shape);
    expect(g.dtype, what).toBe(c.dtype);
    const [cv, gv] = [await c.data(), await g.data()];
    const at = firstMismatch(gv, cv);
    expect(at, `${what}: first mismatch at ${at}`).toBe(-1);
  }

  it('permute, transpose, slice with steps, expand, pad and concat', async () => {
    const [xc, xg] = both(randomValues(rng, 3 * 5 * 7 * 4), [3, 5, 7, 4]);
    for (const [name, f] of [
      ['permute', (x: Tensor) => permute(x, [2, 0, 3, 1])],
      ['transpose', (x: Tensor) => transpose(x)],
      ['slice', (x: Tensor) => slice(x, [1, 0, 2, 1], [2, 2, 3, 3], [1, 3, 2, 1])],
      ['expand', (x: Tensor) => expand(slice(x, [0, 0, 0, 0], [3, 1, 7, 1]), [2, 3, 5, 7, 4])],
      ['pad', (x: Tensor) => pad(x, [1, 2, 0, 3, 3, 0])],
      ['concat', (x: Tensor) => concat([x, slice(x, [0, 0, 0, 0], [3, 5, 7, 2]), permute(permute(x, [0, 1, 3, 2]), [0, 1, 3, 2])], 3)],
    ] as [string, (x: Tensor) => Tensor][]) {
      await expectEqual(f(xc), f(xg), name);
    }
  });

  it('indexSelect, indexAdd, where and cast', async () => {
    const [xc, xg] = both(randomValues(rng, 9 * 4 * 3), [9, 4, 3]);
    const ids = Array.from(rng.int(13, 9));
    const [ic, ig] = both(ids, [13], 'i32');
    await expectEqual(indexSelect(xc, ic), indexSelect(xg, ig), 'indexSelect');
    const [sc, sg] = both(randomValues(rng, 13 * 4 * 3), [13, 4, 3]);
    const [ac, ag] = [indexAdd(sc, ic, 9), indexAdd(sg, ig, 9)];
    expect(await ag.toArray()).toBeAllClose(await ac.toArray(), { rtol: 1e-6, atol: 1e-6 });
    const [cc, cg] = both(Array.from({ length: 4 * 3 }, () => (rng.next() < 0.5 ? 1 : 0)), [4, 3]);
    const [yc, yg] = both(randomValues(rng, 9 * 1 * 3), [9, 1, 3]);
    await expectEqual(where(cc, xc, yc), where(cg, xg, yg), 'where');
    const scaled = (x: Tensor) => cast(mul(x, 1000), 'i32');
    await expectEqual(scaled(xc), scaled(xg), 'cast f32 -> i32');
    await expectEqual(cast(scaled(xc), 'f32'), cast(scaled(xg), 'f32'), 'cast i32 -> f32');
  });

  it('gradients through slice (padSlice) and indexSelect (indexAdd) agree', async () => {
    const values = randomValues(rng, 7 * 6);
    const ids = Array.from(rng.int(10, 7));
    const weights = randomValues(rng, 10 * 3);
    const grads = await Promise.all(
      [pair.cpu, gpu].map(async (backend) => {
        const x = requiresGrad(tensor(values, [7, 6], { backend }));
        const picked = slice(indexSelect(x, tensor(ids, [10], { dtype: 'i32', backend })), [0, 1], [10, 3], [1, 2]);
        const [g] = grad(sum(mul(picked, tensor(weights, [10, 3], { backend }))), [x]);
        return g.toArray();
      }),
    );
    expect(grads[1]).toBeAllClose(grads[0], { rtol: 1e-6, atol: 1e-6 });
    expect(grads[0].some((v) => v !== 0)).toBe(true);
  });
});
