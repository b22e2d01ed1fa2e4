import type { Backend } from '../backend/backend.js';
import type { Tensor } from '../tensor/tensor.js';

/** One parameter of a model, in PyTorch's `named_parameters()` order. */
export interface ParamSpec {
  readonly name: string;
  readonly shape: readonly number[];
}

/** Non-learned state (BatchNorm running statistics); models without it use none. */
export type ModelState = Map<string, Tensor>;

export interface ForwardOptions {
  /** Training mode (BatchNorm uses batch statistics and updates `state`). Default true. */
  train?: boolean;
  state?: ModelState;
}

/**
 * A functional model: parameters live in one flat f32 vector, flattened shallow to deep in PyTorch's
 * order (module by module, weight then bias, conv weights OIHW). PAD's embedding filter masks a prefix
 * of this vector, and expert trajectories are sequences of it.
 */
export interface Model {
  readonly name: string;
  readonly params: readonly ParamSpec[];
  readonly numParams: number;
  readonly numClasses: number;
  /** A fresh flat parameter vector [numParams] initialised like PyTorch's defaults. */
  init(seed: number, backend?: Backend): Tensor;
  /** Logits [B, numClasses] for images [B, C, H, W]; differentiable in `flat` and `x` to any order. */
  forward(flat: Tensor, x: Tensor, opts?: ForwardOptions): Tensor;
  /** Fresh non-learned state (empty for models without BatchNorm). */
  initState?(backend?: Backend): ModelState;
}
