// Forward values and first derivatives of single ops against PyTorch (scripts/golden/ops.py, float64):
// padding and output-padding conventions, count_include_pad, biased variances, loss reductions. Both
// sides compute in float64, so the tolerance is rtol 1e-10, atol 1e-12.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  avgPool2d, batchNorm, conv2d, convTranspose2d, cpuBackend, crossEntropy, grad, groupNorm, indexAdd, indexSelect, logSoftmax, matmul,
  max, mseLoss, requiresGrad, softmax, tensor, tidy, type Tensor,
} from '../src/index.js';
import './util/allclose.js';

interface Json { shape: number[]; data: number[] }
interface Case { name: string; inputs: Json[]; extra: Record<string, Json>; output: Json; cotangent: Json; grads: Json[] }

const be = cpuBackend();
const fixture: { cases: Case[] } = JSON.parse(readFileSync(new URL('./fixtures/golden-ops.json', import.meta.url), 'utf8'));
const TOL = { rtol: 1e-10, atol: 1e-12 };
const int = (j: Json) => tensor(j.data, j.shape, { dtype: 'i32', backend: be });

const OPS: Record<string, (xs: Tensor[], extra: Record<string, Json>) => Tensor> = {
  conv2d_s2_p1_bias: ([x, w, b]) => conv2d(x, w, b, { stride: 2, padding: 1 }),
  conv2d_asym_t2b0l1r0_s12: ([x, w, b]) => conv2d(x, w, b, { stride: [1, 2], padding: [2, 0, 1, 0] }),
  conv_transpose2d_s2_p1_op1: ([x, w]) => convTranspose2d(x, w, { stride: 2, padding: 1, outputPadding: 1 }),
  avg_pool2d_k3_s2_p1: ([x]) => avgPool2d(x, 3, { stride: 2, padding: 1 }),
  group_norm_g2: ([x, w, b]) => groupNorm(x, 2, w, b),
  batch_norm_train: ([x, w, b]) => batchNorm(x, w, b).out,
  log_softmax_dim1: ([x]) => logSoftmax(x, 1),
  softmax_dim0: ([x]) => softmax(x, 0),
  cross_entropy_labels_none: ([z], e) => crossEntropy(z, int(e.labels), 'none'),
  cross_entropy_labels_sum: ([z], e) => crossEntropy(z, int(e.labels), 'sum'),
  cross_entropy_soft_mean: ([z, t]) => crossEntropy(z, softmax(t, 1)),
  mse_loss_mean: ([a, b]) => mseLoss(a, b),
  matmul_broadcast_batch: ([a, b]) => matmul(a, b),
  amax_dims02_keepdim: ([x]) => max(x, [0, 2], true),
  index_select_repeats: ([x], e) => indexSelect(x, int(e.index)),
  index_add_repeats: ([s], e) => indexAdd(s, int(e.index), 4),
};

describe('golden: single ops vs PyTorch (rtol 1e-10, atol 1e-12)', () => {
  it('the fixture and this test cover the same ops', () => {
    expect(fixture.cases.map((c) => c.name).sort()).toEqual(Object.keys(OPS).sort());
  });
  for (const c of fixture.cases) {
    it(c.name, () => {
      tidy(() => {
        const xs = c.inputs.map((j) => requiresGrad(tensor(j.data, j.shape, { backend: be })));
        const out = OPS[c.name](xs, c.extra);
        expect(out.shape).toEqual(c.output.shape);
        expect(be.readSync(out.storage)).toBeAllClose(c.output.data, TOL);
        const gs = grad(out, xs, { gradOutputs: [tensor(c.cotangent.data, c.cotangent.shape, { backend: be })] });
        gs.forEach((g, i) => expect(be.readSync(g.storage), `${c.name} gradient of input ${i}`).toBeAllClose(c.grads[i].data, TOL));
      });
    });
  }
});
