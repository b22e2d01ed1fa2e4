/**
 * Symmetric eigendecomposition in float64: Householder tridiagonalisation (EISPACK's tred2), then
 * implicit QL (tridiagonal-ql.ts), reorganised for row-major storage and the cache because ZCA on
 * CIFAR needs it at D = 3072 (about 1.5 minutes there; QL's rotations are the largest part):
 * - the matrix is reduced from the bottom row up, so each Householder vector is a contiguous row prefix,
 *   and each step's rank-2 update is fused with the next step's matrix-vector product (one pass, not two);
 * - reflectors are accumulated 32 at a time as matrix products (compact WY);
 * - eigenvectors are kept as ROWS, so each QL rotation mixes two contiguous rows (rotations.ts).
 */
import { dotRowsInto } from './dense.js';
import { tridiagonalQl } from './tridiagonal-ql.js';

export interface SymmetricEigen {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** Row i (elements i*n .. i*n+n-1) is the unit eigenvector of values[i]. */
  vectors: Float64Array;
}

/** Eigen-decomposes the symmetric n×n row-major matrix `a` (only its lower triangle is read). */
export function symmetricEigen(a: Float64Array, n: number): SymmetricEigen {
  if (a.length !== n * n) throw new Error(`symmetricEigen: expected ${n}x${n} = ${n * n} values, got ${a.length}`);
  if (n === 0) return { values: new Float64Array(0), vectors: new Float64Array(0) };
  const w = new Float64Array(a);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const h = new Float64Array(n);
  tridiagonalize(w, n, d, e, h);
  const z = accumulateReflectors(w, n, h);
  // Eigenvalues first (cheap), then the vectors with those eigenvalues as shifts (tridiagonal-ql.ts).
  const values = d.slice(), sub = e.slice();
  tridiagonalQl(values, sub, n, null);
  tridiagonalQl(d, e, n, z, values.sort());
  return sortAscending(d, z, n);
}

/**
 * Turns row k's prefix w[k, 0..k-1] into a reflector u (H = I - u·uᵀ/h maps the prefix onto its last
 * entry), leaving u in place; records T[k][k-1] in e[k] and returns h (0 when no reflection is needed).
 */
function makeReflector(w: Float64Array, n: number, k: number, e: Float64Array): number {
  const row = k * n;
  let scale = 0;
  for (let j = 0; j < k; j++) scale += Math.abs(w[row + j]);
  if (scale === 0) { e[k] = 0; return 0; }
  // Scaling by the 1-norm keeps the squared norm from overflowing or underflowing.
  let hk = 0;
  for (let j = 0; j < k; j++) { const v = w[row + j] / scale; w[row + j] = v; hk += v * v; }
  const f = w[row + k - 1];
  const g = f >= 0 ? -Math.sqrt(hk) : Math.sqrt(hk);
  e[k] = scale * g;
  w[row + k - 1] = f - g;
  return hk - f * g;
}

/**
 * Reduces the lower triangle of `w` to tridiagonal form (diagonal d, subdiagonal e[k] = T[k][k-1]).
 * Step k reflects row k and updates the leading k×k block by A -= u·qᵀ + q·uᵀ; the row k-1 is updated
 * first so its reflector is known while the other rows are updated, and the same pass accumulates the
 * next product A·u'.
 */
function tridiagonalize(w: Float64Array, n: number, d: Float64Array, e: Float64Array, h: Float64Array): void {
  if (n === 1) { d[0] = w[0]; return; }
  let p = new Float64Array(n);
  let pNext = new Float64Array(n);
  let k = n - 1;
  d[k] = w[k * n + k];
  h[k] = k >= 2 ? makeReflector(w, n, k, e) : 0;
  if (k === 1) e[1] = w[n];
  if (h[k] !== 0) symmetricProduct(w, n, k, k * n, p);
  for (; k >= 2; k--) {
    const u = k * n, hk = h[k];
    if (hk !== 0) {
      let up = 0;
      for (let i = 0; i < k; i++) { p[i] /= hk; up += w[u + i] * p[i]; }
      const kk = up / (2 * hk);
      for (let i = 0; i < k; i++) p[i] -= kk * w[u + i];
      rank2Row(w, n, k - 1, u, p);
    }
    const next = k - 1;
    d[next] = w[next * n + next];
    if (next === 1) e[1] = w[n];
    const hNext = next >= 2 ? makeReflector(w, n, next, e) : 0;
    h[next] = hNext;
    pNext.fill(0, 0, next);
    const v = next * n;
    for (let i = 0; i < next; i++) {
      const ri = i * n;
      if (hk !== 0) rank2Row(w, n, i, u, p);
      if (hNext === 0) continue;
      const vi = w[v + i];
      let s = w[ri + i] * vi;
      for (let j = 0; j < i; j++) { const x = w[ri + j]; s += x * w[v + j]; pNext[j] += x * vi; }
      pNext[i] += s;
    }
    [p, pNext] = [pNext, p];
  }
  d[0] = w[0];
  e[0] = 0;
}

/** Row i of the lower triangle (j <= i): w[i][j] -= u_i·q_j + q_i·u_j, with u the row prefix at uOff. */
function rank2Row(w: Float64Array, n: number, i: number, uOff: number, q: Float64Array): void {
  const ri = i * n, ui = w[uOff + i], qi = q[i];
  for (let j = 0; j <= i; j++) w[ri + j] -= ui * q[j] + qi * w[uOff + j];
}

/** p = A·u for the leading k×k block, reading only the lower triangle (a dot and an axpy per row). */
function symmetricProduct(w: Float64Array, n: number, k: number, uOff: number, p: Float64Array): void {
  p.fill(0, 0, k);
  for (let i = 0; i < k; i++) {
    const ri = i * n, ui = w[uOff + i];
    let s = w[ri + i] * ui;
    for (let j = 0; j < i; j++) { s += w[ri + j] * w[uOff + j]; p[j] += w[ri + j] * ui; }
    p[i] += s;
  }
}

/**
 * Qᵀ = H_2·H_3·…·H_{n-1} as a row-major matrix, 32 reflectors at a time in compact WY form
 * (H_a·…·H_b = I - Y·T·Yᵀ, T upper triangular), so the work is two products that run on the
 * dot-product kernel of dense.ts (about 3x the speed of applying reflectors one by one in V8).
 * After H_k the product differs from the identity only in its leading k×k block, so a block whose
 * longest reflector has K entries touches only Z[0:K, 0:K].
 */
function accumulateReflectors(w: Float64Array, n: number, h: Float64Array): Float64Array {
  const z = new Float64Array(n * n);
  for (let i = 0; i < n; i++) z[i * n + i] = 1;
  const B = 32;
  for (let k0 = 2; k0 < n; k0 += B) {
    const b = Math.min(n, k0 + B) - k0;
    const K = k0 + b - 1;
    // Y as rows: u = reflector k0+j zero-padded to K; yt = its transpose (row t holds entry t of every reflector).
    const u = new Float64Array(b * K), yt = new Float64Array(K * b);
    const tau = new Float64Array(b);
    for (let j = 0; j < b; j++) {
      const k = k0 + j;
      if (h[k] === 0) continue;
      tau[j] = 1 / h[k];
      for (let t = 0; t < k; t++) { u[j * K + t] = w[k * n + t]; yt[t * b + j] = w[k * n + t]; }
    }
    const t = wyTriangle(u, b, K, tau);
    // M = -(Z·Y)·T, then Z += M·Yᵀ.
    const zy = new Float64Array(K * b);
    dotRowsInto(z, K, u, b, K, zy, b, { aStride: n });
    const m = new Float64Array(K * b);
    for (let r = 0; r < K; r++) {
      for (let j = 0; j < b; j++) {
        let s = 0;
        for (let q = 0; q <= j; q++) s += zy[r * b + q] * t[q * b + j];
        m[r * b + j] = -s;
      }
    }
    dotRowsInto(m, K, yt, K, b, z, n);
  }
  return z;
}

/** The upper-triangular T with H_1·…·H_b = I - Y·T·Yᵀ, where H_j = I - tau_j·y_j·y_jᵀ (rows y_j of u). */
function wyTriangle(u: Float64Array, b: number, K: number, tau: Float64Array): Float64Array {
  const g = new Float64Array(b * b);
  dotRowsInto(u, b, u, b, K, g, b, { lowerOnly: true });
  const t = new Float64Array(b * b);
  for (let j = 0; j < b; j++) {
    t[j * b + j] = tau[j];
    // T[0:j, j] = -tau_j · T[0:j, 0:j] · (Yᵀ y_j)[0:j]
    for (let i = 0; i < j; i++) {
      let s = 0;
      for (let q = i; q < j; q++) s += t[i * b + q] * g[j * b + q];
      t[i * b + j] = -tau[j] * s;
    }
  }
  return t;
}

function sortAscending(d: Float64Array, z: Float64Array, n: number): SymmetricEigen {
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x] - d[y]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = d[src];
    vectors.set(z.subarray(src * n, src * n + n), dst * n);
  });
  return { values, vectors };
}
