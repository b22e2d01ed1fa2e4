/**
 * Deferred Givens rotations on the rows of a row-major n×n matrix, for the QL step of symmetricEigen.
 *
 * Applied one by one, each rotation streams two whole rows and every QL sweep streams the whole matrix
 * (75 MB at n = 3072); this is the slowest part of ZCA. Queued, they are applied strip by strip (STRIP
 * columns of every row fit in L2), and a QL sweep is a chain of rotations on rows (m-1, m), (m-2, m-1),
 * …, (l, l+1): along a chain the shared row stays in a register, so each step loads and stores one value
 * instead of two, and four columns run side by side to hide the floating-point latency of that carry.
 * Rotations act on each column independently, so the result equals applying them in order.
 */

const STRIP = 32;
const CAPACITY = 1 << 16;

export class RotationQueue {
  private readonly rows = new Int32Array(CAPACITY);
  private readonly cos = new Float64Array(CAPACITY);
  private readonly sin = new Float64Array(CAPACITY);
  private count = 0;

  constructor(private readonly z: Float64Array, private readonly n: number) {}

  /** Queues rows (i, i+1) <- (c·z_i - s·z_{i+1}, s·z_i + c·z_{i+1}). */
  push(i: number, c: number, s: number): void {
    this.rows[this.count] = i;
    this.cos[this.count] = c;
    this.sin[this.count] = s;
    if (++this.count === CAPACITY) this.flush();
  }

  flush(): void {
    const { n, rows, count } = this;
    for (let c0 = 0; c0 < n; c0 += STRIP) {
      const c1 = Math.min(n, c0 + STRIP);
      for (let q0 = 0; q0 < count;) {
        let q1 = q0 + 1;
        while (q1 < count && rows[q1] === rows[q1 - 1] - 1) q1++;
        this.applyChain(q0, q1, c0, c1);
        q0 = q1;
      }
    }
    this.count = 0;
  }

  /** Rotations q0..q1-1 (rows descending by one each) on columns c0..c1-1. */
  private applyChain(q0: number, q1: number, c0: number, c1: number): void {
    const { z, n, rows, cos, sin } = this;
    const top = (rows[q0] + 1) * n;
    let k = c0;
    for (; k + 4 <= c1; k += 4) {
      let x0 = z[top + k], x1 = z[top + k + 1], x2 = z[top + k + 2], x3 = z[top + k + 3];
      let off = top - n + k;
      for (let q = q0; q < q1; q++, off -= n) {
        const c = cos[q], s = sin[q];
        const y0 = z[off], y1 = z[off + 1], y2 = z[off + 2], y3 = z[off + 3];
        z[off + n] = s * y0 + c * x0; z[off + n + 1] = s * y1 + c * x1;
        z[off + n + 2] = s * y2 + c * x2; z[off + n + 3] = s * y3 + c * x3;
        x0 = c * y0 - s * x0; x1 = c * y1 - s * x1; x2 = c * y2 - s * x2; x3 = c * y3 - s * x3;
      }
      off += n;
      z[off] = x0; z[off + 1] = x1; z[off + 2] = x2; z[off + 3] = x3;
    }
    for (; k < c1; k++) {
      let x = z[top + k];
      let off = top - n + k;
      for (let q = q0; q < q1; q++, off -= n) {
        const c = cos[q], s = sin[q], y = z[off];
        z[off + n] = s * y + c * x;
        x = c * y - s * x;
      }
      z[off + n] = x;
    }
  }
}
