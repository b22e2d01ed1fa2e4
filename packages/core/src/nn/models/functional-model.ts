import type { Backend } from '../../backend/backend.js';
import { getBackend } from '../../backend/registry.js';
import { tidy } from '../../tensor/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { ForwardOptions, Model, ModelState, ParamSpec } from '../model.js';
import { initBatchNormState } from './batchnorm.js';
import type { Params, Registry } from './layers.js';
import { ParamLayout } from './params.js';

/** The input geometry a model is built for. */
export interface InputShape {
  channels: number;
  height: number;
  width: number;
}

export type ForwardBody = (p: Params, x: Tensor, opts: ForwardOptions) => Tensor;

/**
 * A Model from a parameter layout and a forward body: the body sees every parameter as its own tensor
 * (sliced out of `flat` in the graph), so gradients reach `flat` and `x` to any order.
 */
export class FunctionalModel implements Model {
  readonly params: readonly ParamSpec[];
  readonly numParams: number;
  readonly layout: ParamLayout;
  private readonly bnModules: readonly string[];

  constructor(
    readonly name: string,
    readonly input: InputShape,
    readonly numClasses: number,
    registry: Registry,
    private readonly body: ForwardBody,
  ) {
    this.layout = registry.layout;
    this.params = registry.layout.specs;
    this.numParams = registry.layout.numParams;
    this.bnModules = [...registry.bnModules];
  }

  /** True when the model has BatchNorm layers (train/eval modes differ and state matters). */
  get hasState(): boolean {
    return this.bnModules.length > 0;
  }

  init(seed: number, backend?: Backend): Tensor {
    return this.layout.init(seed, backend);
  }

  initState(backend: Backend = getBackend()): ModelState {
    return initBatchNormState(this.bnModules, (m) => this.layout.entry(`${m}.weight`).shape[0], backend);
  }

  forward(flat: Tensor, x: Tensor, opts: ForwardOptions = {}): Tensor {
    const { channels, height, width } = this.input;
    if (x.rank !== 4 || x.shape[1] !== channels || x.shape[2] !== height || x.shape[3] !== width) {
      throw new Error(`${this.name}: expected images [batch, ${channels}, ${height}, ${width}], got [${x.shape}]`);
    }
    return tidy(() => this.body(this.layout.unpack(flat), x, opts));
  }
}

export function newRegistry(): Registry {
  return { layout: new ParamLayout(), bnModules: [] };
}
