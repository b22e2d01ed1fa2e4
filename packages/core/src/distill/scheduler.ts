/**
 * PAD's data scheduler for expert training (Li et al. 2024, §3.1 "Filtering Information Extraction";
 * reference buffer/buffer_CL.py with utils/utils_cl_scheduler.py): each class's samples are ordered
 * easy to hard (EL2N, ascending); epoch e trains on the easiest fraction
 *   p(e) = min(1, IR + (1 - IR) · e / AEE)
 * of every class, so hard samples are added linearly until the addition end epoch AEE. Optionally the
 * easiest samples are removed late in training (two stages). Counts round like the reference,
 * int(p · classSize) (truncation), with class sizes read from the data.
 */
export interface SchedulerConfig {
  /** Initial ratio IR of each class's easiest samples (1 = no scheduler, every sample every epoch). */
  initRatio: number;
  /** Addition end epoch AEE: p reaches 1 here. */
  addEndEpoch: number;
  /** Late removal (off when undefined): after epoch `rmEpochFirst` drop the easiest `rmRatioFirst`
   *  of each class, after `rmEpochSecond` the easiest `rmRatioSecond`. */
  rmEpochFirst?: number;
  rmEpochSecond?: number;
  rmRatioFirst?: number;
  rmRatioSecond?: number;
}

export function checkSchedulerConfig(c: SchedulerConfig): void {
  if (!(c.initRatio > 0 && c.initRatio <= 1)) throw new Error(`scheduler: initial ratio (IR) must be in (0, 1], got ${c.initRatio}`);
  if (!Number.isInteger(c.addEndEpoch) || c.addEndEpoch < 0) throw new Error(`scheduler: addition end epoch (AEE) must be a whole number >= 0, got ${c.addEndEpoch}`);
  const rm = [c.rmEpochFirst, c.rmEpochSecond, c.rmRatioFirst, c.rmRatioSecond];
  if (rm.some((v) => v !== undefined)) {
    if (rm.some((v) => v === undefined)) throw new Error('scheduler: late removal needs both removal epochs and both ratios');
    if (!(c.rmEpochFirst! > c.addEndEpoch && c.rmEpochSecond! >= c.rmEpochFirst!)) {
      throw new Error(`scheduler: removal epochs must satisfy AEE (${c.addEndEpoch}) < first (${c.rmEpochFirst}) <= second (${c.rmEpochSecond})`);
    }
    for (const r of [c.rmRatioFirst!, c.rmRatioSecond!]) if (!(r >= 0 && r < 1)) throw new Error(`scheduler: removal ratios must be in [0, 1), got ${r}`);
  }
}

/** The easiest fraction p(e) during the addition phase (the reference's linear_cl_scheduler_acse). */
export function additionRatio(epoch: number, initRatio: number, addEndEpoch: number): number {
  if (addEndEpoch === 0) return 1;
  return Math.min(1, initRatio + ((1 - initRatio) * epoch) / addEndEpoch);
}

/** What epoch e trains on, per class: the range [from, to) of the easy-to-hard order. */
export function epochWindow(epoch: number, classSize: number, c: SchedulerConfig): { from: number; to: number; ratio: number } {
  if (c.rmEpochFirst === undefined || epoch <= c.rmEpochFirst) {
    const p = epoch <= c.addEndEpoch ? additionRatio(epoch, c.initRatio, c.addEndEpoch) : 1;
    return { from: 0, to: Math.trunc(p * classSize), ratio: p };
  }
  const r = epoch <= c.rmEpochSecond! ? c.rmRatioFirst! : c.rmRatioSecond!;
  return { from: Math.trunc(r * classSize), to: classSize, ratio: 1 - r };
}

/** The sample indices of epoch e: each class's window of its easy-to-hard order, classes in order. */
export function epochIndices(epoch: number, orderByClass: readonly Int32Array[], c: SchedulerConfig): Int32Array {
  const parts = orderByClass.map((order) => {
    const w = epochWindow(epoch, order.length, c);
    return order.subarray(w.from, w.to);
  });
  const out = new Int32Array(parts.reduce((s, p) => s + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
