import { expect } from 'vitest';

export interface Tolerance {
  rtol?: number;
  atol?: number;
}

/**
 * numpy.allclose semantics, |a - e| <= atol + rtol * |e| elementwise; returns null when close, else a
 * message naming the tolerances, how many elements fail and the worst one (so a failure says by how
 * much, not just that it failed).
 */
export function allCloseReport(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance = {}): string | null {
  const rtol = tol.rtol ?? 1e-6;
  const atol = tol.atol ?? 1e-8;
  if (actual.length !== expected.length) return `length ${actual.length} differs from expected length ${expected.length}`;
  let bad = 0;
  let worst = -1;
  let worstRatio = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const allowed = atol + rtol * Math.abs(e);
    const diff = Math.abs(a - e);
    // NaN never compares close (diff <= allowed is false for NaN), so it is counted as a failure.
    if (!(diff <= allowed)) {
      bad++;
      const ratio = Number.isNaN(diff) ? Infinity : diff / allowed;
      if (worst < 0 || ratio > worstRatio) {
        worst = i;
        worstRatio = ratio;
      }
    }
  }
  if (bad === 0) return null;
  const a = actual[worst];
  const e = expected[worst];
  return (
    `${bad} of ${actual.length} elements are not close (rtol=${rtol}, atol=${atol}); worst at index ${worst}: ` +
    `actual ${a}, expected ${e}, |diff| ${Math.abs(a - e).toExponential(3)} > allowed ${(atol + rtol * Math.abs(e)).toExponential(3)}`
  );
}

export function assertAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance = {}, what = 'values'): void {
  const report = allCloseReport(actual, expected, tol);
  if (report) throw new Error(`${what}: ${report}`);
}

expect.extend({
  toBeAllClose(received: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance = {}) {
    const report = allCloseReport(received, expected, tol);
    return {
      pass: report === null,
      message: () => (report === null ? `expected values not to be all close (rtol=${tol.rtol ?? 1e-6}, atol=${tol.atol ?? 1e-8})` : report),
    };
  },
});

declare module 'vitest' {
  interface Assertion<T = any> {
    toBeAllClose(expected: ArrayLike<number>, tol?: Tolerance): T;
  }
  interface AsymmetricMatchersContaining {
    toBeAllClose(expected: ArrayLike<number>, tol?: Tolerance): void;
  }
}
