import type { Storage } from '../tensor/storage.js';
import { Tensor } from '../tensor/tensor.js';
import type { Shape } from '../tensor/shape.js';

/** What a gradient rule sees: the saved tensors, the output (when saved) and the op's attributes. */
export interface GradContext<A = unknown> {
  readonly saved: readonly Tensor[];
  /** The op's output as a tensor still attached to this node, so rules that use it stay differentiable. */
  readonly out: Tensor | null;
  readonly attrs: A;
  readonly inputShapes: readonly Shape[];
  /** Which inputs' gradients this backward pass uses (false: the rule may return null there and skip
   *  the work, e.g. a first conv layer's input gradient, or soft-label targets when only θ is asked). */
  readonly needs: readonly boolean[];
}

/**
 * A gradient that is zero outside one contiguous run of a 1-D input: `placed` (any shape, flattened)
 * belongs at `offset`. Slices of a flat vector (a model's parameters) return these, and the engine
 * assembles all of an input's pieces in one op instead of adding a padded copy per piece. A plain
 * object, so tidy() scopes see the tensor inside.
 */
export interface PlacedGrad {
  readonly placed: Tensor;
  readonly offset: number;
}

export function isPlacedGrad(g: Tensor | PlacedGrad | null): g is PlacedGrad {
  return g !== null && (g as PlacedGrad).placed !== undefined;
}

/** Returns one gradient per input (null where the input needs none), written with differentiable ops. */
export type GradRule<A = unknown> = (dy: Tensor, ctx: GradContext<A>) => (Tensor | PlacedGrad | null)[];

let nextNodeId = 1;
const releaseQueue: GradNode[] = [];
let draining = false;

/**
 * One recorded op (or a leaf). Nodes are reference-counted: tensor handles and child nodes hold them;
 * the last release frees the saved tensors and releases the parents, so a graph disappears as soon as
 * nothing can reach it. Saved tensors keep their own nodes, which is what makes higher-order
 * gradients exact (a rule's use of a saved input is itself differentiable).
 */
export class GradNode {
  readonly id = nextNodeId++;
  refs = 1;
  savedFreed = false;

  constructor(
    readonly name: string,
    readonly parents: readonly (GradNode | null)[],
    readonly inputShapes: readonly Shape[],
    readonly rule: GradRule<any> | null,
    private saved: Tensor[],
    private savedOutput: Storage | null,
    readonly outShape: Shape,
    readonly attrs: unknown,
  ) {}

  static leaf(shape: Shape): GradNode {
    return new GradNode('leaf', [], [], null, [], null, shape, undefined);
  }

  get isLeaf(): boolean {
    return this.rule === null;
  }

  retain(): this {
    this.refs++;
    return this;
  }

  /** Drops one reference. Freeing a graph is iterative (a work list, not recursion), because an
   *  unrolled training loop makes chains of many thousands of nodes that would overflow the stack. */
  release(): void {
    releaseQueue.push(this);
    if (draining) return;
    draining = true;
    try {
      for (let n = releaseQueue.pop(); n; n = releaseQueue.pop()) {
        if (--n.refs > 0) continue;
        // Both may release further nodes; while draining they only join the queue.
        n.freeSaved();
        for (const p of n.parents) p?.release();
      }
    } finally {
      draining = false;
    }
  }

  /** Frees what the rule needs; a later backward pass through this node then fails clearly. */
  freeSaved(): void {
    // Only a node that saved something can fail later (as in PyTorch): add, sum or reshape rules need
    // nothing but the incoming gradient, so a second backward may pass through them.
    if (this.saved.length === 0 && this.savedOutput === null) return;
    for (const t of this.saved) t.dispose();
    this.saved = [];
    this.savedOutput?.release();
    this.savedOutput = null;
    this.savedFreed = true;
  }

  /** Builds the rule's context. Tensors made here are tracked by the caller's scope. */
  context(needs: readonly boolean[] = this.parents.map((p) => p !== null)): GradContext {
    if (this.savedFreed) {
      throw new Error(`backward through '${this.name}' a second time: its saved tensors were freed after the first backward (pass retainGraph: true)`);
    }
    const out = this.savedOutput ? new Tensor(this.savedOutput.retain(), this.outShape, this.retain()) : null;
    return { saved: this.saved, out, attrs: this.attrs, inputShapes: this.inputShapes, needs };
  }
}
