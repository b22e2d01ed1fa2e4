/**
 * Finite-difference checks of reverse-mode derivatives, like JAX's `check_grads`, on the float64 cpu
 * backend (where central differences are accurate to ~1e-9, so tight tolerances catch real errors).
 *
 * Order 1: for each differentiated input x_i and random directions v, the VJP <grad_i <f, w>, v> must
 * equal the central difference of <f(x), w> along v (w a random cotangent for tensor outputs).
 * Order 2: with createGraph, h(x, w) = sum_i <grad_i <f(x), w>, u_i> is differentiated again, w
 * included. Its gradient in x is the Hessian-vector product, compared whole with central differences of
 * the first-order gradient along u; its gradient in w is the Jacobian-vector product J u, compared with
 * central differences of f along u. The second catches rules that are wrong or not differentiable in
 * their incoming gradient, the first rules whose use of saved tensors is wrong.
 * Every check also asserts that it left no storage alive (the graph was freed).
 */
import { cpuBackend, grad, liveStorageStats, requiresGrad, setBackend, tensor, tidy, type Tensor } from '../../src/index.js';
import { assertAllClose } from './allclose.js';
import { Rng, sizeOfShape } from './rng.js';

export interface Arg {
  shape: readonly number[];
  data: ArrayLike<number>;
}

export interface GradCheckOptions {
  /** 1 checks first derivatives; 2 checks first and second. Default 2. */
  order?: 1 | 2;
  /** Step of the central differences (float64: 1e-5 balances truncation against rounding). */
  eps?: number;
  rtol?: number;
  atol?: number;
  /** Indices of the args to differentiate (default all); the rest are constants. */
  wrt?: readonly number[];
  /** Random directions per input at order 1. Default 2. */
  directions?: number;
  seed?: number;
  name?: string;
}

const be = cpuBackend();

export function arg(shape: readonly number[], data: ArrayLike<number>): Arg {
  if (data.length !== sizeOfShape(shape)) throw new Error(`arg: ${data.length} values for shape [${shape}]`);
  return { shape, data };
}

function read(t: Tensor): Float64Array {
  return Float64Array.from(be.readSync(t.storage));
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** x + s * d for the differentiated args (d[i] null leaves arg i unchanged). */
function shifted(args: readonly Arg[], d: readonly (Float64Array | null)[], s: number): Arg[] {
  return args.map((a, i) => {
    const di = d[i];
    if (!di) return a;
    const v = new Float64Array(a.data.length);
    for (let k = 0; k < v.length; k++) v[k] = a.data[k] + s * di[k];
    return { shape: a.shape, data: v };
  });
}

function leaves(args: readonly Arg[], wrt: readonly number[]): Tensor[] {
  return args.map((a, i) => {
    const t = tensor(a.data, a.shape, { backend: be });
    return wrt.includes(i) ? requiresGrad(t) : t;
  });
}

export function checkGrads(f: (...xs: Tensor[]) => Tensor, args: readonly Arg[], opts: GradCheckOptions = {}): void {
  setBackend(be);
  const order = opts.order ?? 2;
  const eps = opts.eps ?? 1e-5;
  const tol = { rtol: opts.rtol ?? 1e-6, atol: opts.atol ?? 1e-7 };
  const wrt = opts.wrt ?? args.map((_, i) => i);
  const name = opts.name ?? 'f';
  const rng = new Rng(opts.seed ?? 1234);
  const before = liveStorageStats().storages;

  // Leaves require grad even for plain evaluation, so f may itself call grad() (higher-order checks).
  const evalF = (xs: readonly Arg[]): Float64Array => tidy(() => read(f(...leaves(xs, wrt))));
  const outShape = tidy(() => [...f(...leaves(args, wrt)).shape]);
  const w = rng.normal(sizeOfShape(outShape));
  const vjp = (xs: readonly Arg[]): Float64Array[] =>
    tidy(() => {
      const ts = leaves(xs, wrt);
      const out = f(...ts);
      const gs = grad(out, wrt.map((i) => ts[i]), { gradOutputs: [tensor(w, out.shape, { backend: be })] });
      return gs.map(read);
    });

  const g0 = vjp(args);
  wrt.forEach((argIndex, j) => {
    for (let d = 0; d < (opts.directions ?? 2); d++) {
      const v = rng.normal(args[argIndex].data.length);
      const dirs = args.map((_, i) => (i === argIndex ? v : null));
      const fd = (dot(evalF(shifted(args, dirs, eps)), w) - dot(evalF(shifted(args, dirs, -eps)), w)) / (2 * eps);
      assertAllClose([dot(g0[j], v)], [fd], tol, `${name}: first-order VJP of input ${argIndex} along direction ${d}`);
    }
  });

  if (order === 2) {
    const u = args.map((a, i) => (wrt.includes(i) ? rng.normal(a.data.length) : null));
    const [hx, hw] = tidy(() => {
      const ts = leaves(args, wrt);
      const W = requiresGrad(tensor(w, outShape, { backend: be }));
      const gs = grad(f(...ts), wrt.map((i) => ts[i]), { createGraph: true, gradOutputs: [W] });
      // A gradient with no graph does not depend on x or w; its part of h contributes nothing.
      const live = gs.map((g, j) => [g, u[wrt[j]]!] as const).filter(([g]) => g.requiresGrad);
      if (live.length === 0) throw new Error(`${name}: no first-order gradient depends on the inputs or the cotangent`);
      const hs = grad(live.map(([g]) => g), [...wrt.map((i) => ts[i]), W], {
        gradOutputs: live.map(([g, ui]) => tensor(ui, g.shape, { backend: be })),
      });
      return [hs.slice(0, wrt.length).map(read), read(hs[wrt.length])] as const;
    });
    const gPlus = vjp(shifted(args, u, eps));
    const gMinus = vjp(shifted(args, u, -eps));
    wrt.forEach((argIndex, j) => {
      const fd = gPlus[j].map((p, k) => (p - gMinus[j][k]) / (2 * eps));
      assertAllClose(hx[j], fd, tol, `${name}: Hessian-vector product for input ${argIndex}`);
    });
    const fPlus = evalF(shifted(args, u, eps));
    const fMinus = evalF(shifted(args, u, -eps));
    assertAllClose(hw, fPlus.map((p, k) => (p - fMinus[k]) / (2 * eps)), tol, `${name}: derivative of the VJP in the cotangent (J u)`);
  }

  const after = liveStorageStats().storages;
  if (after !== before) throw new Error(`${name}: ${after - before} storages still alive after the check (a graph or gradient leaked)`);
}

/** Convenience: a random normal arg. */
export function randn(rng: Rng, shape: readonly number[], std = 1): Arg {
  return arg(shape, rng.normal(sizeOfShape(shape), std));
}
