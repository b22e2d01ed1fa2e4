import { describe, expect, it } from 'vitest';
import { cpuBackend, tensor } from '../src/index.js';
import { MomentumSgd } from '../src/distill/optim.js';

const be = cpuBackend();

describe('MomentumSgd (torch.optim.SGD semantics)', () => {
  it('buf = μ·buf + g (first buf = g), p -= lr·buf', async () => {
    const opt = new MomentumSgd(tensor([1, -2, 3], [3], { backend: be }), 0.1, 0.5);
    const g1 = tensor([0.5, 1, -1], [3], { backend: be });
    const g2 = tensor([-1, 2, 0.25], [3], { backend: be });
    opt.step(g1);
    expect(await opt.value.toArray()).toEqual([1 - 0.05, -2 - 0.1, 3 + 0.1].map((v) => expect.closeTo(v, 14)));
    opt.step(g2);
    // buf2 = 0.5·g1 + g2 = [-0.75, 2.5, -0.25]
    expect(await opt.buf!.toArray()).toEqual([-0.75, 2.5, -0.25].map((v) => expect.closeTo(v, 14)));
    expect(await opt.value.toArray()).toEqual([0.95 + 0.075, -2.1 - 0.25, 3.1 + 0.025].map((v) => expect.closeTo(v, 14)));
    opt.reset(tensor([7], [1], { backend: be }));
    expect(opt.buf).toBeNull();
    expect(() => opt.step(g1)).toThrow(/gradient has 3 elements, parameter 1/);
    for (const t of [g1, g2]) t.dispose();
    opt.dispose();
  });
});
