/** Timing of one benchmark case: wall-clock per call, and the process CPU time per call. */
export interface Timing {
  /** Calls per sample (several when one call is short, to amortise the sync round trip). */
  readonly callsPerSample: number;
  readonly samplesMs: readonly number[];
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Median process CPU time per call (all threads, e.g. llvmpipe's workers): on a shared machine,
   *  wall time stretches with other load while this stays near the work actually done. */
  readonly cpuMedianMs: number;
  /** Wall time of the warm-up (first call, pipeline compiles included). */
  readonly firstCallMs: number;
}

export interface TimingOptions {
  /** Samples after warm-up. */
  readonly samples: number;
  /** A sample runs enough calls to take at least this long. */
  readonly minSampleMs: number;
  /** Upper bound on calls per sample (e.g. memory held by queued outputs). */
  readonly maxCallsPerSample?: number;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Times `call` (which only enqueues work) with `sync` awaited after each sample: a warm-up call first,
 * then `samples` samples of n calls each, n chosen from the warm-up so a sample lasts minSampleMs.
 */
export async function timeCalls(call: () => void, sync: () => Promise<void>, opts: TimingOptions): Promise<Timing> {
  const t0 = performance.now();
  call();
  await sync();
  const firstCallMs = performance.now() - t0;
  // A second call measures the steady state for choosing the sample size (the first may compile).
  const t1 = performance.now();
  call();
  await sync();
  const oneMs = performance.now() - t1;
  const callsPerSample = Math.max(1, Math.min(opts.maxCallsPerSample ?? 64, Math.ceil(opts.minSampleMs / Math.max(oneMs, 1e-3))));
  const samplesMs: number[] = [];
  const cpuMs: number[] = [];
  for (let s = 0; s < opts.samples; s++) {
    collectGarbage();
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    for (let i = 0; i < callsPerSample; i++) call();
    await sync();
    samplesMs.push((performance.now() - w0) / callsPerSample);
    const c = process.cpuUsage(c0);
    cpuMs.push((c.user + c.system) / 1000 / callsPerSample);
  }
  return {
    callsPerSample,
    samplesMs,
    medianMs: median(samplesMs),
    minMs: Math.min(...samplesMs),
    maxMs: Math.max(...samplesMs),
    cpuMedianMs: median(cpuMs),
    firstCallMs,
  };
}
