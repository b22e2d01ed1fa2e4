import type { Backend } from '../../backend/backend.js';
import { getBackend } from '../../backend/registry.js';
import { tensor } from '../../ops/creation.js';
import { reshape, slice } from '../../ops/shape-ops.js';
import { streamKey, uniformAt } from '../../random/counter-hash.js';
import { sizeOf } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { ParamSpec } from '../model.js';

/** How one parameter starts: U(-bound, bound) or a constant (norm weights 1, biases 0). */
export type ParamInit = { uniform: number } | { constant: number };

export interface LayoutEntry extends ParamSpec {
  readonly offset: number;
  readonly size: number;
  readonly init: ParamInit;
}

/**
 * Where each named parameter lives in the flat vector. Models register parameters in the order
 * PyTorch's `named_parameters()` yields them (module by module, weight then bias), so offsets match a
 * `torch.cat([p.reshape(-1) for p in net.parameters()])` of the reference network.
 */
export class ParamLayout {
  readonly entries: LayoutEntry[] = [];
  private readonly byName = new Map<string, LayoutEntry>();
  numParams = 0;

  add(name: string, shape: readonly number[], init: ParamInit): void {
    if (this.byName.has(name)) throw new Error(`ParamLayout: parameter '${name}' registered twice`);
    const e: LayoutEntry = { name, shape: [...shape], offset: this.numParams, size: sizeOf(shape), init };
    this.entries.push(e);
    this.byName.set(name, e);
    this.numParams += e.size;
  }

  get specs(): ParamSpec[] {
    return this.entries.map(({ name, shape }) => ({ name, shape }));
  }

  entry(name: string): LayoutEntry {
    const e = this.byName.get(name);
    if (!e) throw new Error(`ParamLayout: no parameter '${name}' (have ${this.entries.map((x) => x.name).join(', ')})`);
    return e;
  }

  /**
   * The initial flat vector, drawn on the host from the counter-based generator (element i of the
   * vector uses counter i), so every backend starts from bit-identical f32 values.
   */
  init(seed: number, backend: Backend = getBackend()): Tensor {
    const key = streamKey(seed);
    const v = new Float32Array(this.numParams);
    for (const e of this.entries) {
      if ('constant' in e.init) {
        v.fill(e.init.constant, e.offset, e.offset + e.size);
        continue;
      }
      const b = e.init.uniform;
      for (let i = e.offset; i < e.offset + e.size; i++) v[i] = (2 * uniformAt(key, i) - 1) * b;
    }
    return tensor(v, [this.numParams], { backend });
  }

  /** Views every parameter out of `flat` (copies that stay in the graph, so gradients reach `flat`). */
  unpack(flat: Tensor): Map<string, Tensor> {
    if (flat.rank !== 1 || flat.size !== this.numParams) {
      throw new Error(`model expects a flat parameter vector of ${this.numParams} elements, got [${flat.shape}]`);
    }
    const out = new Map<string, Tensor>();
    for (const e of this.entries) {
      const s = slice(flat, [e.offset], [e.size]);
      out.set(e.name, e.shape.length === 1 ? s : reshape(s, e.shape));
    }
    return out;
  }
}

/** PyTorch's default for Conv2d and Linear: kaiming_uniform_(a=√5) on the weight gives the bound
 *  gain·√(3/fan_in) with gain = √(2/(1+5)), i.e. exactly 1/√fan_in; the bias uses 1/√fan_in too. */
export function fanInBound(fanIn: number): number {
  return 1 / Math.sqrt(fanIn);
}
