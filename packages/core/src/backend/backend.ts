/**
 * The primitive operations every backend implements. Tensors, broadcasting rules and autodiff live
 * above this line; backends see only flat row-major storage plus the sizes and strides to use, so the
 * WebGPU backend can pass them as uniforms (one pipeline per kernel, any shape).
 */
import type { Storage } from '../tensor/storage.js';

export type DType = 'f32' | 'i32' | 'u32';
export type TensorData = Float32Array | Float64Array | Int32Array | Uint32Array;

export type UnaryOp =
  | 'neg' | 'exp' | 'log' | 'sqrt' | 'rsqrt' | 'relu' | 'step' | 'abs' | 'sign' | 'square' | 'recip'
  | 'sin' | 'cos' | 'tanh' | 'sigmoid' | 'floor' | 'isfinite';
/** Comparisons return 1.0 or 0.0 in the result dtype (f32 masks multiply directly). */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'max' | 'min' | 'pow' | 'gt' | 'ge' | 'lt' | 'le' | 'eq' | 'ne';
export type ReduceOp = 'sum' | 'max' | 'min';

/** NCHW input, OIHW weight. `padH/padW` are the top/left padding; out sizes are explicit, so asymmetric
 *  padding (more at the bottom/right) is simply a larger outH/outW. */
export interface Conv2dParams {
  n: number; cIn: number; h: number; w: number;
  cOut: number; kh: number; kw: number;
  strideH: number; strideW: number; padH: number; padW: number;
  outH: number; outW: number;
}

export interface Pool2dParams {
  n: number; c: number; h: number; w: number;
  kh: number; kw: number; strideH: number; strideW: number; padH: number; padW: number;
  outH: number; outW: number;
}

export interface MatmulParams {
  batch: number; m: number; n: number; k: number;
  /** A is [batch, m, k] (or [batch, k, m] when transA); B is [batch, k, n] (or [batch, n, k] when transB). */
  transA: boolean; transB: boolean;
  /** Elements between consecutive batch matrices; 0 broadcasts one matrix over the batch. */
  strideA: number; strideB: number;
}

/** Instance norm over NCHW viewed as `planes` = n·c rows of `hw` = h·w values; plane p has channel p % c. */
export interface InstanceNormParams {
  planes: number; c: number; hw: number; eps: number;
  /** ReLU fused on the output (ConvNet's norm -> ReLU): y = max(0, ...), and the backward masks dy. */
  relu?: boolean;
  /** A 2x2 average pool (stride 2, no padding, floor mode) fused after the norm (and ReLU): y is
   *  [planes, floor(h / 2), floor(w / 2)] with w = `width`, h = hw / width; the backward takes the
   *  pooled dy and returns the full-size dx. ConvNet's norm -> ReLU -> avgpool block. */
  pool?: boolean;
  /** Row length of a plane (h·w = hw); required with `pool`. */
  width?: number;
}

/** Per-plane normalisation without affine parameters: `planes` contiguous runs of `hw` values each
 *  (NCHW: planes = n·c, hw = h·w), biased variance of the centred values, r = 1 / sqrt(var + eps). */
export interface NormalizePlanesParams {
  planes: number; hw: number; eps: number;
}

export interface Backend {
  readonly name: 'cpu' | 'webgpu';
  fromData(data: ArrayLike<number>, dtype: DType): Storage;
  fill(size: number, value: number, dtype: DType): Storage;
  read(s: Storage): Promise<TensorData>;
  /** Called once, when the last reference to the storage goes. */
  free(s: Storage): void;

  unary(op: UnaryOp, x: Storage): Storage;
  /** out[i] = op(a[ia], b[ib]) over outShape, with per-dimension element strides (0 = broadcast). */
  binary(op: BinaryOp, a: Storage, b: Storage, outShape: readonly number[], aStrides: readonly number[], bStrides: readonly number[]): Storage;
  /** x op scalar, or scalar op x when `scalarFirst`. */
  binaryScalar(op: BinaryOp, x: Storage, scalar: number, scalarFirst: boolean): Storage;
  /** cond ? a : b (cond is nonzero), broadcast like `binary`. */
  where(cond: Storage, a: Storage, b: Storage, outShape: readonly number[], cStrides: readonly number[], aStrides: readonly number[], bStrides: readonly number[]): Storage;
  /** Input viewed as [outer, r, inner]; reduces the middle axis to [outer, inner]. */
  reduce(op: ReduceOp, x: Storage, outer: number, r: number, inner: number): Storage;
  /** out[idx] = x[offset + sum idx_d * strides_d]: permute, strided slice and broadcast in one primitive. */
  copyStrided(x: Storage, outShape: readonly number[], strides: readonly number[], offset: number): Storage;
  /** A zero tensor of outShape with x (of xShape) written at `starts`, every `steps` elements per dim. */
  padInto(x: Storage, xShape: readonly number[], outShape: readonly number[], starts: readonly number[], steps: readonly number[]): Storage;
  /** A 1-D storage of `size` zeros with each piece written whole at its offset (pieces do not overlap). */
  assemble(pieces: readonly Storage[], offsets: readonly number[], size: number, dtype: DType): Storage;
  /** out[j] = x[idx[j]] for rows of rowSize elements; idx is i32. */
  gatherRows(x: Storage, idx: Storage, k: number, rowSize: number): Storage;
  /** out[r] = sum of src[j] over j with idx[j] = r; out has `rows` rows (the adjoint of gatherRows).
   *  `plan` (u32, optional) is hostIndexAddPlan(idx, rows), for indices known on the host: the GPU then
   *  skips sorting them, which costs O(k * (rows + k)) and dominates for large k (augmentation tables). */
  indexAddRows(src: Storage, idx: Storage, k: number, rows: number, rowSize: number, plan?: Storage | null): Storage;
  matmul(a: Storage, b: Storage, p: MatmulParams): Storage;
  conv2d(x: Storage, w: Storage, p: Conv2dParams): Storage;
  /** conv_transpose2d of dy [n, cOut, outH, outW] with w: the input gradient, shape [n, cIn, h, w]. */
  conv2dInputGrad(dy: Storage, w: Storage, p: Conv2dParams): Storage;
  /** The weight gradient, shape [cOut, cIn, kh, kw]. */
  conv2dWeightGrad(x: Storage, dy: Storage, p: Conv2dParams): Storage;
  avgPool2d(x: Storage, p: Pool2dParams): Storage;
  /** The adjoint of avgPool2d (count_include_pad semantics): dy [n,c,outH,outW] to [n,c,h,w]. */
  avgPool2dGrad(dy: Storage, p: Pool2dParams): Storage;
  /** GroupNorm(C, C) with affine per plane: y = (x - mean) · rstd · weight[c] + bias[c], biased variance
   *  of the centred values, rstd = 1 / sqrt(var + eps), then the fused ReLU and 2x2 average pool when
   *  p.relu / p.pool are set. Also returns mean and rstd [planes] for the backward. */
  instanceNorm(x: Storage, weight: Storage, bias: Storage, p: InstanceNormParams): { y: Storage; mean: Storage; rstd: Storage };
  /** First-order backward of instanceNorm from its saved mean and rstd: dx, and per-plane partials
   *  dweight = Σ dy · xhat, dbias = Σ dy ([planes]; the caller sums them over the batch). With p.pool,
   *  dy is the pooled gradient [planes, floor(h / 2), floor(w / 2)]; dx is full-size either way. */
  instanceNormGrad(x: Storage, dy: Storage, weight: Storage, bias: Storage, mean: Storage, rstd: Storage, p: InstanceNormParams): { dx: Storage; dweight: Storage; dbias: Storage };
  /** Per plane: y = xhat = (x - mean) · r (no affine). */
  normalizePlanes(x: Storage, p: NormalizePlanesParams): Storage;
  /** Per plane, statistics recomputed from x: dx = r · (g - mean(g) - xhat · mean(g · xhat)). */
  normalizePlanesBackward(x: Storage, g: Storage, p: NormalizePlanesParams): Storage;
  /** The gradient in x of <a, normalizePlanesBackward(x, g)>: per plane, with M_u = mean(u), M_ux =
   *  mean(u · xhat), cov = mean((a - M_a)(g - M_g)),
   *  gx = -r² · (xhat · (cov - 3 · M_gx · M_ax) + M_ax · (g - M_g) + M_gx · (a - M_a)). */
  normalizePlanesBackwardGradX(x: Storage, g: Storage, a: Storage, p: NormalizePlanesParams): Storage;
  /** Counter-based random numbers: element i depends only on (seed, offset + i). */
  random(kind: 'uniform' | 'normal', size: number, seed: number, offset: number): Storage;
  cast(x: Storage, to: DType): Storage;
  /** Wait for queued work and surface asynchronous errors (a no-op on the CPU). */
  sync(): Promise<void>;
}
