import type { Backend } from '../backend/backend.js';
import { tensor } from '../ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';

/** Expert trajectories as the distillation loop sees them: snapshot `epoch` of expert `i` is the flat
 *  parameter vector after that many epochs (0 = the initialisation). */
export interface ExpertSource {
  readonly count: number;
  /** The learning rate the experts were trained with (the learned synthetic lr starts here). */
  readonly lr: number;
  readonly numParams: number;
  /** Snapshots stored for expert i (epochs + 1). */
  snapshots(i: number): number;
  load(i: number, epoch: number, backend: Backend): Promise<Tensor>;
}

/** Checks that every expert reaches the last target epoch the loop may ask for. */
export function checkExpertsCover(src: ExpertSource, lastStart: number, expertEpochs: number): void {
  if (src.count < 1) throw new Error('no expert trajectories to match');
  for (let i = 0; i < src.count; i++) {
    const need = lastStart + expertEpochs + 1;
    if (src.snapshots(i) < need) {
      throw new Error(`expert ${i} has ${src.snapshots(i)} snapshots (epochs 0..${src.snapshots(i) - 1}), but start epochs up to ${lastStart} with M = ${expertEpochs} need epoch ${need - 1}`);
    }
  }
}

/** Trajectories held in memory (tests, small runs): trajectories[i][epoch] is a flat vector. */
export class MemoryExperts implements ExpertSource {
  readonly numParams: number;

  constructor(
    readonly trajectories: readonly (readonly (Float32Array | Float64Array)[])[],
    readonly lr: number,
  ) {
    if (trajectories.length === 0 || trajectories[0].length === 0) throw new Error('MemoryExperts: no trajectories');
    this.numParams = trajectories[0][0].length;
  }

  get count(): number {
    return this.trajectories.length;
  }

  snapshots(i: number): number {
    return this.trajectories[i].length;
  }

  async load(i: number, epoch: number, backend: Backend): Promise<Tensor> {
    const snap = this.trajectories[i]?.[epoch];
    if (!snap) throw new Error(`expert ${i} has no epoch ${epoch}`);
    return tensor(snap, [snap.length], { backend });
  }
}
