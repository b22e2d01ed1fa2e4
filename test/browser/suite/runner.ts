/**
 * Runs every case on the CPU backend (the float64 oracle) and on a WebGPU backend, and compares.
 * A case whose WebGPU kernel is still missing ('not implemented yet') is reported as such, not as a
 * failure, so the suite passes with the kernels that exist and covers each new one as it lands.
 */
import { tidy, type Backend, type Tensor } from '@pad-gpu/core';
import { Maker, type OpCase } from './case.js';

export interface CaseResult {
  family: OpCase['family'];
  name: string;
  status: 'pass' | 'fail' | 'unimplemented';
  /** Largest |gpu - cpu| / (1 + |cpu|) over all outputs. */
  maxError: number;
  detail: string;
  ms: number;
}

async function outputs(c: OpCase, be: Backend): Promise<Float64Array[]> {
  const ts = tidy(() => {
    const r = c.run(new Maker(be));
    return Array.isArray(r) ? r : [r];
  });
  try {
    await be.sync();
    return await Promise.all(ts.map(async (t: Tensor) => Float64Array.from(await t.data())));
  } finally {
    for (const t of ts) t.dispose();
  }
}

function compare(want: Float64Array[], got: Float64Array[], tol: number): { maxError: number; detail: string } {
  if (want.length !== got.length) return { maxError: Infinity, detail: `${got.length} outputs, expected ${want.length}` };
  let maxError = 0;
  let detail = '';
  want.forEach((w, k) => {
    if (w.length !== got[k].length) {
      maxError = Infinity;
      detail = `output ${k}: ${got[k].length} values, expected ${w.length}`;
      return;
    }
    for (let i = 0; i < w.length; i++) {
      const e = Math.abs(got[k][i] - w[i]) / (1 + Math.abs(w[i]));
      if (!(e <= maxError)) {
        maxError = Number.isNaN(e) ? Infinity : e;
        if (!(e <= tol)) detail = `output ${k}[${i}]: webgpu ${got[k][i]}, cpu ${w[i]}`;
      }
    }
  });
  return { maxError, detail };
}

export async function runCase(c: OpCase, cpu: Backend, gpu: Backend): Promise<CaseResult> {
  const t0 = performance.now();
  const tol = c.tol ?? 1e-4;
  const done = (status: CaseResult['status'], maxError: number, detail: string): CaseResult => ({ family: c.family, name: c.name, status, maxError, detail, ms: Math.round(performance.now() - t0) });
  const want = await outputs(c, cpu);
  let got: Float64Array[];
  try {
    got = await outputs(c, gpu);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return done(/not implemented yet/.test(msg) ? 'unimplemented' : 'fail', NaN, msg);
  }
  const { maxError, detail } = compare(want, got, tol);
  return done(maxError <= tol ? 'pass' : 'fail', maxError, detail);
}

export async function runSuite(cases: OpCase[], cpu: Backend, gpu: Backend): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of cases) results.push(await runCase(c, cpu, gpu));
  return results;
}
