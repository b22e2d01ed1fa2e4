import type { Backend } from '../../backend/backend.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { add, mul } from '../../ops/arithmetic.js';
import { full } from '../../ops/creation.js';
import { keep, tidy } from '../../tensor/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import { batchNorm, batchNormEval } from '../functional/norm.js';
import type { ForwardOptions, ModelState } from '../model.js';
import type { Registry } from './layers.js';

/** nn.BatchNorm2d's default momentum: running = (1 - 0.1)·running + 0.1·batch. */
const MOMENTUM = 0.1;

export function registerBatchNormState(r: Registry, name: string): void {
  r.bnModules.push(name);
}

/** Running statistics as PyTorch starts them: mean 0, variance 1 (buffer names as in state_dict). */
export function initBatchNormState(modules: readonly string[], channels: (name: string) => number, backend: Backend): ModelState {
  const state: ModelState = new Map();
  for (const m of modules) {
    const c = channels(m);
    state.set(`${m}.running_mean`, keep(full([c], 0, { backend })));
    state.set(`${m}.running_var`, keep(full([c], 1, { backend })));
  }
  return state;
}

/**
 * BatchNorm2d. Training mode normalises with the batch statistics (biased variance) and, when a state
 * is given, updates its running statistics in place of the old tensors, with the unbiased variance as
 * PyTorch does; the update is outside autodiff. Evaluation mode needs the running statistics.
 */
export function batchNormLayer(name: string, x: Tensor, w: Tensor, b: Tensor, opts: ForwardOptions): Tensor {
  const meanKey = `${name}.running_mean`;
  const varKey = `${name}.running_var`;
  const state = opts.state;
  if (opts.train === false) {
    const rm = state?.get(meanKey);
    const rv = state?.get(varKey);
    if (!rm || !rv) throw new Error(`batch norm '${name}' in evaluation mode needs running statistics: pass opts.state from model.initState() that was updated in training`);
    return batchNormEval(x, rm, rv, w, b);
  }
  const r = batchNorm(x, w, b);
  if (state) {
    const count = x.size / x.shape[1];
    const unbias = count > 1 ? count / (count - 1) : 1;
    const update = (key: string, batchStat: Tensor, scale: number) => {
      const old = state.get(key);
      if (!old) throw new Error(`batch norm '${name}': state has no '${key}' (create it with model.initState())`);
      const next = noGrad(() => tidy(() => add(mul(old, 1 - MOMENTUM), mul(batchStat.detach(), MOMENTUM * scale))));
      state.set(key, keep(next));
      old.dispose();
    };
    update(meanKey, r.mean, 1);
    update(varKey, r.variance, unbias);
  }
  r.mean.dispose();
  r.variance.dispose();
  return r.out;
}
