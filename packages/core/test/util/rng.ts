/**
 * A seeded host-side generator for test inputs (mulberry32 + Box-Muller): the gradient checks need
 * float64 values they can perturb on the host, and a fixed seed keeps every failure reproducible.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  uniform(n: number, low = 0, high = 1): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = low + (high - low) * this.next();
    return out;
  }

  normal(n: number, std = 1): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u1 = 1 - this.next();
      out[i] = std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * this.next());
    }
    return out;
  }

  /** Normal values whose magnitude is at least `margin`: keeps kinks (relu, abs, max) out of reach of
   *  the finite-difference stencil. */
  normalAwayFromZero(n: number, margin = 0.2): Float64Array {
    const out = this.normal(n);
    for (let i = 0; i < n; i++) out[i] = Math.sign(out[i] || 1) * (margin + Math.abs(out[i]));
    return out;
  }

  int(n: number, high: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(this.next() * high);
    return out;
  }

  /** Rows of probabilities (soft targets): positive, each row summing to 1. */
  simplexRows(rows: number, cols: number): Float64Array {
    const out = this.uniform(rows * cols, 0.1, 1);
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let c = 0; c < cols; c++) s += out[r * cols + c];
      for (let c = 0; c < cols; c++) out[r * cols + c] /= s;
    }
    return out;
  }
}

export function sizeOfShape(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
