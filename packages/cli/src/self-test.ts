import { type Backend, type Tensor, add, exp, sum, tensor } from '@pad-gpu/core';

/**
 * The self-test of `pad-gpu info`: a few kernels on random (never zero) data through the public ops,
 * compared with float64 JavaScript on the same f32-rounded inputs. Sizes are odd and span several
 * workgroups so bounds checks, the strided (broadcast) path and both reduction layouts are exercised.
 * Another check (e.g. matmul) is one more entry in CHECKS.
 */
export interface SelfTestCheck {
  name: string;
  elements: number;
  maxAbsError: number;
  maxRelError: number;
  /** Elements outside the tolerance. */
  failures: number;
  tolerance: string;
  pass: boolean;
}

export interface SelfTestResult {
  pass: boolean;
  checks: SelfTestCheck[];
  /** Set when a check threw (compile error, device loss); names the check. */
  error?: string;
  ms: number;
}

interface CheckCase {
  name: string;
  /** Pass iff |got - want| <= atol + rtol * |want| for every element. */
  atol: number;
  rtol: number;
  run(be: Backend, rand: Random): { got: Tensor; want: number[]; temps: Tensor[] };
}

type Random = (count: number, lo: number, hi: number) => number[];

const N = 4099;

/** Uniform values in ±[lo, hi], f32-rounded: never zero, and exactly what the GPU receives. */
function randomSource(seed: number): Random {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (count: number, lo: number, hi: number) =>
    Array.from({ length: count }, () => Math.fround((next() < 0.5 ? -1 : 1) * (lo + (hi - lo) * next())));
}

const CHECKS: CheckCase[] = [
  {
    name: 'add',
    atol: 1e-6,
    rtol: 1e-6,
    run(be, rand) {
      const [xa, xb] = [rand(N, 0.1, 2), rand(N, 0.1, 2)];
      const a = tensor(xa, [N], { backend: be });
      const b = tensor(xb, [N], { backend: be });
      return { got: add(a, b), want: xa.map((v, i) => v + xb[i]), temps: [a, b] };
    },
  },
  {
    // [67, 61] + [61]: the strided path of the binary kernel.
    name: 'add broadcast',
    atol: 1e-6,
    rtol: 1e-6,
    run(be, rand) {
      const [rows, cols] = [67, 61];
      const [xa, xb] = [rand(rows * cols, 0.1, 2), rand(cols, 0.1, 2)];
      const a = tensor(xa, [rows, cols], { backend: be });
      const b = tensor(xb, [cols], { backend: be });
      return { got: add(a, b), want: xa.map((v, i) => v + xb[i % cols]), temps: [a, b] };
    },
  },
  {
    // PLATFORM.md measured exp's relative error at 1.1e-6 on llvmpipe; 1e-5 leaves room for real GPUs.
    name: 'exp',
    atol: 0,
    rtol: 1e-5,
    run(be, rand) {
      const x = rand(N, 0.01, 4);
      const t = tensor(x, [N], { backend: be });
      return { got: exp(t), want: x.map(Math.exp), temps: [t] };
    },
  },
  ...(['rows', 'columns'] as const).map((along): CheckCase => ({
    // [37, 1109] summed along each axis: both reduction layouts. Positive inputs: no cancellation, so a relative tolerance is meaningful. Summing 1109 f32 values
    // in any order stays within ~1e-6 relative in practice; 1e-5 flags real errors only.
    name: `sum ${along}`,
    atol: 0,
    rtol: 1e-5,
    run(be, rand) {
      const [rows, cols] = [37, 1109];
      const x = rand(rows * cols, 0.1, 2).map(Math.abs);
      const t = tensor(x, [rows, cols], { backend: be });
      const want =
        along === 'rows'
          ? Array.from({ length: rows }, (_, r) => x.slice(r * cols, (r + 1) * cols).reduce((p, v) => p + v, 0))
          : Array.from({ length: cols }, (_, c) => x.filter((_, i) => i % cols === c).reduce((p, v) => p + v, 0));
      return { got: sum(t, along === 'rows' ? 1 : 0), want, temps: [t] };
    },
  })),
];

async function runCheck(c: CheckCase, be: Backend, rand: Random): Promise<SelfTestCheck> {
  const { got, want, temps } = c.run(be, rand);
  try {
    const values = await got.data();
    let maxAbsError = 0;
    let maxRelError = 0;
    let failures = 0;
    want.forEach((w, i) => {
      const err = Math.abs(values[i] - w);
      // NaN compares false everywhere: count it as a failure explicitly.
      if (!(err <= c.atol + c.rtol * Math.abs(w))) failures++;
      maxAbsError = Math.max(maxAbsError, Number.isNaN(err) ? Infinity : err);
      maxRelError = Math.max(maxRelError, Number.isNaN(err) ? Infinity : err / Math.abs(w));
    });
    if (values.length !== want.length) failures = Math.max(failures, 1);
    const e = (x: number) => (x === 0 ? '0' : x.toExponential(0));
    const tolerance = `|got - want| <= ${e(c.atol)} + ${e(c.rtol)}*|want|`;
    return { name: c.name, elements: want.length, maxAbsError, maxRelError, failures, tolerance, pass: failures === 0 };
  } finally {
    for (const t of [got, ...temps]) t.dispose();
  }
}

/** Runs every check; never throws (a failure, thrown errors included, is reported in the result). */
export async function runSelfTest(be: Backend, seed = 20240601): Promise<SelfTestResult> {
  const t0 = performance.now();
  const rand = randomSource(seed);
  const checks: SelfTestCheck[] = [];
  for (const c of CHECKS) {
    try {
      checks.push(await runCheck(c, be, rand));
    } catch (e) {
      return { pass: false, checks, error: `${c.name}: ${e instanceof Error ? e.message : String(e)}`, ms: performance.now() - t0 };
    }
  }
  return { pass: checks.every((c) => c.pass), checks, ms: performance.now() - t0 };
}
