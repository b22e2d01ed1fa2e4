import { Tensor } from '../tensor/tensor.js';
import { shapesEqual, sizeOf } from '../tensor/shape.js';
import { tidy } from '../tensor/scope.js';
import { add } from '../ops/arithmetic.js';
import { onesLike, zerosLike } from '../ops/creation.js';
import { assemble } from '../ops/assemble.js';
import { reshape } from '../ops/shape-ops.js';
import { withGradMode } from './grad-mode.js';
import { type GradNode, type PlacedGrad, isPlacedGrad } from './node.js';

export interface GradOptions {
  /** Record the backward pass so the returned gradients can be differentiated again. */
  createGraph?: boolean;
  /** Keep saved tensors for another backward pass (implied by createGraph). */
  retainGraph?: boolean;
  /** The vector in the vector-Jacobian product, one per output; defaults to ones for scalar outputs. */
  gradOutputs?: readonly Tensor[];
}

/** Sums pieces placed in a vector of `size`: one assemble per layer of non-overlapping pieces (one in
 *  all for a model's parameter slices). Disposes the pieces. */
function assemblePieces(pieces: PlacedGrad[], size: number): Tensor {
  const sorted = [...pieces].sort((a, b) => a.offset - b.offset);
  let total: Tensor | null = null;
  while (sorted.length > 0) {
    const layer: PlacedGrad[] = [];
    let end = 0;
    for (let k = 0; k < sorted.length; ) {
      if (sorted[k].offset >= end) {
        end = sorted[k].offset + sorted[k].placed.size;
        layer.push(sorted.splice(k, 1)[0]);
      } else k++;
    }
    const a = assemble(layer.map((p) => p.placed), layer.map((p) => p.offset), size);
    for (const p of layer) p.placed.dispose();
    if (total) {
      const s = add(total, a);
      total.dispose();
      a.dispose();
      total = s;
    } else total = a;
  }
  return total!;
}

/** Nodes from which some target is reachable, in an order where every node precedes its parents. */
function plan(roots: GradNode[], targets: Set<GradNode>): GradNode[] {
  const needed = new Map<GradNode, boolean>();
  const order: GradNode[] = [];
  // Iterative post-order DFS: deep unrolls (N steps of a ConvNet) would overflow a recursive one.
  const stack: [GradNode, number][] = roots.map((r) => [r, 0]);
  const visiting = new Set<GradNode>();
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [node, i] = top;
    if (i === 0) {
      if (needed.has(node) || visiting.has(node)) {
        stack.pop();
        continue;
      }
      visiting.add(node);
    }
    if (i < node.parents.length) {
      top[1]++;
      const p = node.parents[i];
      if (p && !needed.has(p)) stack.push([p, 0]);
      continue;
    }
    stack.pop();
    visiting.delete(node);
    const reaches = targets.has(node) || node.parents.some((p) => p !== null && needed.get(p) === true);
    needed.set(node, reaches);
    if (reaches) order.push(node);
  }
  return order.reverse();
}

/**
 * Reverse-mode gradients of `outputs` with respect to `inputs` (leaves or intermediate results), like
 * torch.autograd.grad. With createGraph the rules run with recording on, so the results carry history
 * and can be differentiated again (any order); without it, each node's saved tensors are freed as soon
 * as its rule has run. Intermediates are disposed; the returned gradients belong to the caller's scope.
 */
export function grad(outputs: Tensor | readonly Tensor[], inputs: readonly Tensor[], options: GradOptions = {}): Tensor[] {
  const outs = Array.isArray(outputs) ? (outputs as readonly Tensor[]) : [outputs as Tensor];
  const createGraph = options.createGraph ?? false;
  const retain = options.retainGraph ?? createGraph;
  inputs.forEach((t, i) => {
    if (!t.node) throw new Error(`grad: input ${i} [${t.shape}] does not require grad (call requiresGrad() on it before using it)`);
  });
  outs.forEach((o, i) => {
    if (!o.node) {
      const why = o.nonDifferentiable
        ? `it depends on tensors that require grad only through '${o.nonDifferentiable}', which is not differentiable`
        : 'it does not depend on any tensor that requires grad';
      throw new Error(`grad: output ${i} [${o.shape}] has no gradient: ${why}`);
    }
    if (!options.gradOutputs && o.size !== 1) throw new Error(`grad: output ${i} has shape [${o.shape}]; pass gradOutputs for non-scalar outputs`);
  });
  if (options.gradOutputs && options.gradOutputs.length !== outs.length) throw new Error('grad: gradOutputs must match outputs one to one');

  return tidy(() =>
    withGradMode(createGraph, () => {
      const targets = new Set(inputs.map((t) => t.node!));
      const order = plan(outs.map((o) => o.node!), targets);
      const inPlan = new Set(order);
      const pending = new Map<GradNode, Tensor>();
      const placed = new Map<GradNode, PlacedGrad[]>();
      /** The node's whole gradient: dense contributions plus assembled pieces (null if none came). */
      const take = (node: GradNode): Tensor | null => {
        const dense = pending.get(node) ?? null;
        pending.delete(node);
        const pieces = placed.get(node);
        if (!pieces) return dense;
        placed.delete(node);
        const flat = assemblePieces(pieces, sizeOf(node.outShape));
        const a = node.outShape.length === 1 ? flat : reshape(flat, node.outShape);
        if (a !== flat) flat.dispose();
        if (!dense) return a;
        const s = add(dense, a);
        dense.dispose();
        a.dispose();
        return s;
      };
      const accumulate = (node: GradNode, g: Tensor) => {
        const prev = pending.get(node);
        if (!prev) {
          pending.set(node, g);
          return;
        }
        pending.set(node, add(prev, g));
        prev.dispose();
        g.dispose();
      };
      outs.forEach((o, i) => {
        const seed = options.gradOutputs ? options.gradOutputs[i].alias() : onesLike(o);
        if (!shapesEqual(seed.shape, o.shape)) throw new Error(`grad: gradOutputs[${i}] has shape [${seed.shape}], output has [${o.shape}]`);
        accumulate(o.node!, createGraph ? seed : seed.detach());
      });
      const results = new Map<GradNode, Tensor>();
      for (const node of order) {
        const g = take(node);
        if (!g) continue;
        if (targets.has(node)) results.set(node, g.alias());
        // A target whose inputs lead to no other target stops here: running its rule would waste work
        // and, without retainGraph, free saved tensors that a later backward through it still needs.
        if (node.isLeaf || !node.parents.some((p) => p !== null && inPlan.has(p))) {
          g.dispose();
          continue;
        }
        // Each rule runs in its own scope so its temporaries go at once, not at the end of the pass.
        const needs = node.parents.map((p) => p !== null && inPlan.has(p));
        const grads = tidy(() => node.rule!(g, node.context(needs)));
        if (!retain) node.freeSaved();
        grads.forEach((pg, i) => {
          const parent = node.parents[i];
          if (!pg || !parent || !inPlan.has(parent)) return;
          if (isPlacedGrad(pg)) {
            const shape = node.inputShapes[i];
            if (pg.offset < 0 || pg.offset + pg.placed.size > sizeOf(shape)) {
              throw new Error(`gradient rule of '${node.name}' placed ${pg.placed.size} elements at ${pg.offset} in input ${i} of shape [${shape}]`);
            }
            const list = placed.get(parent) ?? [];
            list.push({ placed: pg.placed.alias(), offset: pg.offset });
            placed.set(parent, list);
            return;
          }
          if (!shapesEqual(pg.shape, node.inputShapes[i])) {
            throw new Error(`gradient rule of '${node.name}' returned shape [${pg.shape}] for input ${i} of shape [${node.inputShapes[i]}]`);
          }
          accumulate(parent, pg.alias());
        });
        for (const pg of grads) (isPlacedGrad(pg) ? pg.placed : pg)?.dispose();
        g.dispose();
      }
      for (const g of pending.values()) g.dispose();
      for (const list of placed.values()) for (const p of list) p.placed.dispose();
      // One handle per requested input, even when an input is listed twice.
      const handed = new Set<Tensor>();
      return inputs.map((t) => {
        const r = results.get(t.node!);
        if (!r) return zerosLike(t);
        if (handed.has(r)) return r.alias();
        handed.add(r);
        return r;
      });
    }),
  );
}
