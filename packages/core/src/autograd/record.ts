import type { Storage } from '../tensor/storage.js';
import { Tensor } from '../tensor/tensor.js';
import type { Shape } from '../tensor/shape.js';
import { isGradEnabled } from './grad-mode.js';
import { type GradRule, GradNode } from './node.js';

export interface RecordOptions<A> {
  /** Tensors the rule needs (kept alive with their own graph nodes). */
  save?: Tensor[];
  /** The rule needs the op's output (e.g. exp, sqrt, softmax). */
  saveOutput?: boolean;
  attrs?: A;
}

/**
 * Wraps a freshly computed storage as the op's result and, when any input takes part in autodiff and
 * recording is on, attaches a graph node holding the rule and what it saved.
 */
export function makeResult<A>(
  name: string,
  storage: Storage,
  shape: Shape,
  inputs: readonly Tensor[],
  rule: GradRule<A> | null,
  opts: RecordOptions<A> = {},
): Tensor {
  const differentiable = isGradEnabled() && inputs.some((t) => t.node !== null);
  if (!differentiable) {
    const t = new Tensor(storage, shape);
    // Carry the name on, so grad of sum(cast(argmax(x))) still names argmax rather than saying
    // that nothing requires grad.
    const cut = isGradEnabled() ? inputs.find((i) => i.nonDifferentiable !== undefined) : undefined;
    if (cut) t.nonDifferentiable = cut.nonDifferentiable;
    return t;
  }
  if (rule === null) {
    const t = new Tensor(storage, shape);
    t.nonDifferentiable = name;
    return t;
  }
  const node = new GradNode(
    name,
    inputs.map((t) => (t.node ? t.node.retain() : null)),
    inputs.map((t) => t.shape),
    rule as GradRule<unknown>,
    (opts.save ?? []).map((t) => t.alias(t.shape, false)),
    opts.saveOutput ? storage.retain() : null,
    shape,
    opts.attrs,
  );
  return new Tensor(storage, shape, node);
}

/** Marks a tensor as a leaf of autodiff (like PyTorch's requires_grad_()). Returns the same handle. */
export function requiresGrad<T extends Tensor>(t: T): T {
  if (t.node && !t.node.isLeaf) throw new Error(`requiresGrad: tensor [${t.shape}] is an op result; detach() it first`);
  if (t.dtype !== 'f32') {
    throw new Error(`requiresGrad: only f32 tensors can be differentiated, got ${t.dtype} [${t.shape}] (integer results such as randint, randperm, argmax, labels and indices are constants)`);
  }
  if (!t.node) t.node = GradNode.leaf(t.shape);
  return t;
}
