/**
 * Implicit QL for a symmetric tridiagonal matrix (EISPACK's tql2), with an optional pool of shifts.
 *
 * Rotating the eigenvector rows is the most expensive part of symmetricEigen (≈ 6·n flops per rotation,
 * n² rotations), so the decomposition runs QL twice: first without vectors (O(n²), cheap) to learn the
 * eigenvalues, then with vectors using those eigenvalues as "perfect" shifts, which deflate an eigenvalue
 * in about one sweep instead of about two. If rounding keeps a perfect shift from deflating, the next
 * iterations fall back to Wilkinson's shift, so convergence never depends on the pool.
 */
import { RotationQueue } from './rotations.js';

/**
 * Diagonal d, subdiagonal e[i] = T[i][i-1] (e[0] unused); on return d holds the eigenvalues (unsorted).
 * The sweep is the tqli form (Numerical Recipes), because tql2's shortcut for the last step assumes
 * Wilkinson's shift.
 * With `z` (row-major n×n), each rotation is applied to its rows, so row i ends as the eigenvector of d[i].
 * `pool`: the eigenvalues sorted ascending, to be used as shifts.
 */
export function tridiagonalQl(d: Float64Array, e: Float64Array, n: number, z: Float64Array | null, pool?: Float64Array): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  const rotations = z ? new RotationQueue(z, n) : null;
  const shifts = pool ? new ShiftPool(pool) : null;
  const eps = 2 ** -52;
  let tst1 = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    for (let iter = 0; ; iter++) {
      let m = l;
      while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
      if (m === l) break;
      if (iter === 60) throw new Error(`symmetricEigen: QL did not converge for eigenvalue ${l}`);
      // Wilkinson's shift (the eigenvalue of the leading 2x2 block nearer d[l]), or the known eigenvalue nearest it.
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      let shift = d[l] - e[l] / (g + (g >= 0 ? r : -r));
      if (iter === 0 && shifts) shift = shifts.nearest(shift) ?? shift;
      // One implicit QL sweep from m up to l (the tqli formulation, which takes any shift).
      g = d[m] - shift;
      let s = 1, c = 1, p = 0;
      let underflow = false;
      for (let i = m - 1; i >= l; i--) {
        const f = s * e[i], b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // The rotation vanished: the block splits here; undo the pending update and start over.
          d[i + 1] -= p;
          e[m] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        rotations?.push(i, c, s);
      }
      if (underflow) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
    shifts?.remove(d[l]);
  }
  rotations?.flush();
}

/** Sorted eigenvalues not yet found; `nearest` proposes one, `remove` retires the one a converged value matches. */
class ShiftPool {
  private readonly used: Uint8Array;
  constructor(private readonly values: Float64Array) {
    this.used = new Uint8Array(values.length);
  }

  nearest(x: number): number | null {
    const i = this.closestUnused(x);
    return i < 0 ? null : this.values[i];
  }

  remove(x: number): void {
    const i = this.closestUnused(x);
    if (i >= 0) this.used[i] = 1;
  }

  private closestUnused(x: number): number {
    const v = this.values;
    let lo = 0, hi = v.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (v[mid] < x) lo = mid + 1; else hi = mid; }
    let a = lo - 1, b = lo;
    while (a >= 0 && this.used[a]) a--;
    while (b < v.length && this.used[b]) b++;
    if (a < 0) return b < v.length ? b : -1;
    if (b >= v.length) return a;
    return x - v[a] <= v[b] - x ? a : b;
  }
}
