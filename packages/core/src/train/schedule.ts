/** Step decay: lr · gamma^(number of milestones already passed). Milestones are epoch indices after
 *  which the rate drops, like the reference's `if ep in lr_schedule: lr *= 0.1` at the end of epoch ep. */
export function stepDecay(lr: number, epoch: number, milestones: readonly number[], gamma = 0.1): number {
  let r = lr;
  for (const m of milestones) if (epoch > m) r *= gamma;
  return r;
}
