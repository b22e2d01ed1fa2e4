/** Thrown when a loss read back from the device is NaN or infinite: the run cannot recover. */
export class TrainingDivergedError extends Error {
  constructor(readonly what: string, readonly value: number, readonly epoch: number, readonly step: number, readonly lr: number) {
    super(`training diverged: ${what} is ${value} at epoch ${epoch}, step ${step} (learning rate ${lr}); lower the learning rate or check the data for NaN/Inf`);
    this.name = 'TrainingDivergedError';
  }
}

export function checkFinite(what: string, value: number, epoch: number, step: number, lr: number): void {
  if (!Number.isFinite(value)) throw new TrainingDivergedError(what, value, epoch, step, lr);
}
