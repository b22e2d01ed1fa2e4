import type { Backend, BinaryOp, Conv2dParams, DType, InstanceNormParams, MatmulParams, NormalizePlanesParams, Pool2dParams, ReduceOp, TensorData, UnaryOp } from '../backend.js';
import { Storage } from '../../tensor/storage.js';
import { contiguousStrides, sizeOf } from '../../tensor/shape.js';
import { normalAt, streamKey, uniformAt } from '../../random/counter-hash.js';
import { BINARY, UNARY, forEachStrided } from './elementwise.js';
import * as convs from './conv.js';
import * as norms from './norm.js';
import * as normalize from './normalize.js';

type Buf = Float64Array | Int32Array | Uint32Array;

function alloc(dtype: DType, n: number): Buf {
  return dtype === 'f32' ? new Float64Array(n) : dtype === 'i32' ? new Int32Array(n) : new Uint32Array(n);
}

/**
 * The reference backend: plain TypeScript, f32 tensors held and computed in float64. It is the oracle
 * for the WGSL kernels and makes finite-difference gradient checks meaningful. Reads are synchronous
 * (`readSync`) as well as async.
 */
export class CpuBackend implements Backend {
  readonly name = 'cpu' as const;

  private wrap(data: Buf, dtype: DType): Storage {
    return new Storage(this, data.length, dtype, data);
  }

  private buf(s: Storage): Buf {
    if (s.backend !== this) throw new Error(`cpu backend got storage of the ${s.backend.name} backend`);
    return s.payload as Buf;
  }

  fromData(data: ArrayLike<number>, dtype: DType): Storage {
    const b = alloc(dtype, data.length);
    for (let i = 0; i < data.length; i++) b[i] = data[i];
    return this.wrap(b, dtype);
  }

  fill(size: number, value: number, dtype: DType): Storage {
    return this.wrap(alloc(dtype, size).fill(value), dtype);
  }

  readSync(s: Storage): TensorData {
    return this.buf(s).slice();
  }

  async read(s: Storage): Promise<TensorData> {
    return this.readSync(s);
  }

  free(): void {}

  async sync(): Promise<void> {}

  unary(op: UnaryOp, x: Storage): Storage {
    const a = this.buf(x);
    const out = alloc(x.dtype, a.length);
    const f = UNARY[op];
    for (let i = 0; i < a.length; i++) out[i] = f(a[i]);
    return this.wrap(out, x.dtype);
  }

  binary(op: BinaryOp, a: Storage, b: Storage, outShape: readonly number[], aStrides: readonly number[], bStrides: readonly number[]): Storage {
    const A = this.buf(a);
    const B = this.buf(b);
    const out = alloc(a.dtype, sizeOf(outShape));
    const f = BINARY[op];
    forEachStrided(outShape, [aStrides, bStrides], [0, 0], (i, [ia, ib]) => (out[i] = f(A[ia], B[ib])));
    return this.wrap(out, a.dtype);
  }

  binaryScalar(op: BinaryOp, x: Storage, scalar: number, scalarFirst: boolean): Storage {
    const a = this.buf(x);
    const out = alloc(x.dtype, a.length);
    const f = BINARY[op];
    for (let i = 0; i < a.length; i++) out[i] = scalarFirst ? f(scalar, a[i]) : f(a[i], scalar);
    return this.wrap(out, x.dtype);
  }

  where(cond: Storage, a: Storage, b: Storage, outShape: readonly number[], cs: readonly number[], as: readonly number[], bs: readonly number[]): Storage {
    const C = this.buf(cond);
    const A = this.buf(a);
    const B = this.buf(b);
    const out = alloc(a.dtype, sizeOf(outShape));
    forEachStrided(outShape, [cs, as, bs], [0, 0, 0], (i, [ic, ia, ib]) => (out[i] = C[ic] !== 0 ? A[ia] : B[ib]));
    return this.wrap(out, a.dtype);
  }

  reduce(op: ReduceOp, x: Storage, outer: number, r: number, inner: number): Storage {
    const a = this.buf(x);
    const out = alloc(x.dtype, outer * inner);
    for (let o = 0; o < outer; o++)
      for (let i = 0; i < inner; i++) {
        let acc = op === 'sum' ? 0 : op === 'max' ? -Infinity : Infinity;
        for (let k = 0; k < r; k++) {
          const v = a[(o * r + k) * inner + i];
          acc = op === 'sum' ? acc + v : op === 'max' ? (v > acc || Number.isNaN(v) ? v : acc) : v < acc || Number.isNaN(v) ? v : acc;
        }
        out[o * inner + i] = acc;
      }
    return this.wrap(out, x.dtype);
  }

  copyStrided(x: Storage, outShape: readonly number[], strides: readonly number[], offset: number): Storage {
    const a = this.buf(x);
    const out = alloc(x.dtype, sizeOf(outShape));
    forEachStrided(outShape, [strides], [offset], (i, [ia]) => (out[i] = a[ia]));
    return this.wrap(out, x.dtype);
  }

  padInto(x: Storage, xShape: readonly number[], outShape: readonly number[], starts: readonly number[], steps: readonly number[]): Storage {
    const a = this.buf(x);
    const out = alloc(x.dtype, sizeOf(outShape));
    const os = contiguousStrides(outShape);
    const base = starts.reduce((o, s, d) => o + s * os[d], 0);
    forEachStrided(xShape, [os.map((s, d) => s * steps[d])], [base], (i, [io]) => (out[io] = a[i]));
    return this.wrap(out, x.dtype);
  }

  assemble(pieces: readonly Storage[], offsets: readonly number[], size: number, dtype: DType): Storage {
    const out = alloc(dtype, size);
    pieces.forEach((p, k) => out.set(this.buf(p), offsets[k]));
    return this.wrap(out, dtype);
  }

  gatherRows(x: Storage, idx: Storage, k: number, rowSize: number): Storage {
    const a = this.buf(x);
    const ix = this.buf(idx);
    const rows = a.length / Math.max(rowSize, 1);
    const out = alloc(x.dtype, k * rowSize);
    for (let j = 0; j < k; j++) {
      const r = ix[j];
      if (r < 0 || r >= rows) throw new Error(`indexSelect: index ${r} at position ${j} is outside [0, ${rows})`);
      out.set(a.subarray(r * rowSize, (r + 1) * rowSize), j * rowSize);
    }
    return this.wrap(out, x.dtype);
  }

  indexAddRows(src: Storage, idx: Storage, k: number, rows: number, rowSize: number): Storage {
    const s = this.buf(src);
    const ix = this.buf(idx);
    const out = alloc(src.dtype, rows * rowSize);
    for (let j = 0; j < k; j++) {
      const r = ix[j];
      if (r < 0 || r >= rows) throw new Error(`indexAdd: index ${r} at position ${j} is outside [0, ${rows})`);
      for (let e = 0; e < rowSize; e++) out[r * rowSize + e] += s[j * rowSize + e];
    }
    return this.wrap(out, src.dtype);
  }

  matmul(a: Storage, b: Storage, p: MatmulParams): Storage {
    const A = this.buf(a);
    const B = this.buf(b);
    const out = new Float64Array(p.batch * p.m * p.n);
    for (let t = 0; t < p.batch; t++) {
      const ao = t * p.strideA;
      const bo = t * p.strideB;
      for (let i = 0; i < p.m; i++)
        for (let j = 0; j < p.n; j++) {
          let acc = 0;
          for (let k = 0; k < p.k; k++) {
            const av = p.transA ? A[ao + k * p.m + i] : A[ao + i * p.k + k];
            const bv = p.transB ? B[bo + j * p.k + k] : B[bo + k * p.n + j];
            acc += av * bv;
          }
          out[(t * p.m + i) * p.n + j] = acc;
        }
    }
    return this.wrap(out, 'f32');
  }

  conv2d(x: Storage, w: Storage, p: Conv2dParams): Storage {
    return this.wrap(convs.conv2d(this.buf(x) as Float64Array, this.buf(w) as Float64Array, p), 'f32');
  }

  conv2dInputGrad(dy: Storage, w: Storage, p: Conv2dParams): Storage {
    return this.wrap(convs.conv2dInputGrad(this.buf(dy) as Float64Array, this.buf(w) as Float64Array, p), 'f32');
  }

  conv2dWeightGrad(x: Storage, dy: Storage, p: Conv2dParams): Storage {
    return this.wrap(convs.conv2dWeightGrad(this.buf(x) as Float64Array, this.buf(dy) as Float64Array, p), 'f32');
  }

  avgPool2d(x: Storage, p: Pool2dParams): Storage {
    return this.wrap(convs.avgPool2d(this.buf(x) as Float64Array, p), 'f32');
  }

  avgPool2dGrad(dy: Storage, p: Pool2dParams): Storage {
    return this.wrap(convs.avgPool2dGrad(this.buf(dy) as Float64Array, p), 'f32');
  }

  instanceNorm(x: Storage, weight: Storage, bias: Storage, p: InstanceNormParams): { y: Storage; mean: Storage; rstd: Storage } {
    const r = norms.instanceNorm(this.buf(x) as Float64Array, this.buf(weight) as Float64Array, this.buf(bias) as Float64Array, p);
    return { y: this.wrap(r.y, 'f32'), mean: this.wrap(r.mean, 'f32'), rstd: this.wrap(r.rstd, 'f32') };
  }

  instanceNormGrad(x: Storage, dy: Storage, weight: Storage, bias: Storage, mean: Storage, rstd: Storage, p: InstanceNormParams): { dx: Storage; dweight: Storage; dbias: Storage } {
    const f = (s: Storage) => this.buf(s) as Float64Array;
    const r = norms.instanceNormGrad(f(x), f(dy), f(weight), f(bias), f(mean), f(rstd), p);
    return { dx: this.wrap(r.dx, 'f32'), dweight: this.wrap(r.dweight, 'f32'), dbias: this.wrap(r.dbias, 'f32') };
  }

  normalizePlanes(x: Storage, p: NormalizePlanesParams): Storage {
    return this.wrap(normalize.normalizePlanes(this.buf(x) as Float64Array, p), 'f32');
  }

  normalizePlanesBackward(x: Storage, g: Storage, p: NormalizePlanesParams): Storage {
    return this.wrap(normalize.normalizePlanesBackward(this.buf(x) as Float64Array, this.buf(g) as Float64Array, p), 'f32');
  }

  normalizePlanesBackwardGradX(x: Storage, g: Storage, a: Storage, p: NormalizePlanesParams): Storage {
    const f = (s: Storage) => this.buf(s) as Float64Array;
    return this.wrap(normalize.normalizePlanesBackwardGradX(f(x), f(g), f(a), p), 'f32');
  }

  random(kind: 'uniform' | 'normal', size: number, seed: number, offset: number): Storage {
    const key = streamKey(seed);
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = kind === 'uniform' ? uniformAt(key, offset + i) : normalAt(key, offset + i);
    return this.wrap(out, 'f32');
  }

  cast(x: Storage, to: DType): Storage {
    const a = this.buf(x);
    const out = alloc(to, a.length);
    for (let i = 0; i < a.length; i++) out[i] = to === 'f32' ? a[i] : Math.trunc(a[i]);
    return this.wrap(out, to);
  }
}

let shared: CpuBackend | null = null;

export function cpuBackend(): CpuBackend {
  shared ??= new CpuBackend();
  return shared;
}
