import type { KernelSpec, UniformType } from '../spec.js';
import forwardCode from './conv2d-small.wgsl';
import weightGradCode from './conv2d-small-weight-grad.wgsl';
import inputGradCode from './conv2d-small-input-grad.wgsl';
import padCode from './conv2d-small-pad.wgsl';

// Convolutions whose reduction cIn * kh * kw is short (the first layer of a ConvNet: 9 to 75 terms),
// where the implicit-GEMM kernels (conv2d.wgsl) waste most of their tile K and pay an index division
// per element. Each kernel here is a .wgsl skeleton whose `//@NAME` lines this file fills with
// unrolled code for one kernel geometry (channels, kernel size, stride, pixels per invocation):
// every private value has a constant name, so llvmpipe keeps them in registers, and the weights
// and windows are indexed by constants. Shapes, paddings and counts stay uniforms.

const u32s = (...names: string[]): [string, UniformType][] => names.map((n) => [n, 'u32']);
const COMP = ['x', 'y', 'z', 'w'];

/** vec4s of one input-window row for 4 output columns at stride `sw` and kernel width `kw`. */
export function convSmallWindowVec4s(kw: number, sw: number): number {
  return Math.ceil((3 * sw + kw) / 4);
}

/** Zero-padded copy of x [planes, h, w] to [planes, hp, 4 * wp4]. Grid: (ceil(wp4 / 8), ceil(hp / 8), plane chunks of zp). Bindings: x, xp. */
export const conv2dSmallPad: KernelSpec = {
  name: 'conv2d-small-pad',
  code: padCode,
  bindings: ['read', 'read_write', 'uniform'],
  uniforms: u32s('planes', 'h', 'w', 'pad_h', 'pad_w', 'hp', 'wp4', 'zp'),
  workgroupSize: [8, 8, 1],
};

export interface ConvSmallGeometry {
  readonly cin: number;
  readonly kh: number;
  readonly kw: number;
}

function check(name: string, cond: boolean, what: string): void {
  if (!cond) throw new Error(`${name}: ${what}`);
}

function fill(name: string, code: string, consts: Record<string, number>, parts: Record<string, string[]>): string {
  let out = code;
  for (const [key, lines] of Object.entries(parts)) {
    const pattern = new RegExp(`^([ \\t]*)//@${key}$`, 'm');
    const m = pattern.exec(out);
    check(name, m !== null, `the skeleton no longer has //@${key}`);
    const indent = m![1];
    const text = lines.map((l) => `${indent}${l}`).join('\n') || `${indent}// (none)`;
    out = out.replace(pattern, () => text);
  }
  check(name, !/\/\/@[A-Z_]+$/m.test(out), 'a //@ line was left unfilled');
  const header = Object.entries(consts).map(([k, v]) => `const ${k}: u32 = ${v}u;`).join('\n');
  return `${header}\n${out}`;
}

const variants = new Map<string, KernelSpec>();

function cached(key: string, make: () => KernelSpec): KernelSpec {
  let spec = variants.get(key);
  if (!spec) {
    spec = make();
    variants.set(key, spec);
  }
  return spec;
}

const tap = (g: ConvSmallGeometry, c: number, kh: number, kw: number) => (c * g.kh + kh) * g.kw + kw;
/** Component `f` of a row of vec4 values named `${prefix}${f >> 2}`. */
const el = (prefix: string, f: number) => `${prefix}${f >> 2}.${COMP[f & 3]}`;
/** Weight t of the current channel, from the vec4s w0, w1, ... */
const weight = (t: number) => `w${t >> 2}.${COMP[t & 3]}`;

function weightLoads(k: number): string[] {
  const kp4 = Math.ceil(k / 4);
  return Array.from({ length: kp4 }, (_, i) => `let w${i} = wk[o * ${kp4}u + ${i}u];`);
}

export interface ConvSmallForwardVariant extends ConvSmallGeometry {
  readonly sh: number;
  readonly sw: number;
  /** Output channels per invocation. */
  readonly oc: number;
  /** out_w % 4 == 0: store each row's 4 columns as one vec4. */
  readonly vecOut: boolean;
}

/**
 * conv2d forward: y [n, cOut, outH, outW] from xp (conv2dSmallPad: hp >= (out_h - 1) * sh + kh,
 * wp4 >= (groups - 1) * sw + convSmallWindowVec4s(kw, sw)) and wk [cOut][ceil(K / 4)] vec4s.
 * Grid: (ceil(groups / 8), ceil(images / 8), ceil(cOut / oc)), groups = ceil(outW / 4), images =
 * ceil(n / zn) chunks of zn images. Bindings: xp, wk, y.
 */
export function conv2dSmallSpec(v: ConvSmallForwardVariant): KernelSpec {
  const key = `conv2d-small@c${v.cin}k${v.kh}x${v.kw}s${v.sh}x${v.sw}o${v.oc}${v.vecOut ? 'v' : ''}`;
  return cached(key, () => {
    const { cin, kh, kw, sh, sw, oc } = v;
    const k = cin * kh * kw;
    const kp4 = Math.ceil(k / 4);
    const nv = convSmallWindowVec4s(kw, sw);
    // Window rows kept from one output row to the next (stride sh < kh), and rows loaded per row.
    const carry = Math.max(kh - sh, 0);
    const hoist: string[] = [];
    for (let i = 0; i < oc; i++) hoist.push(`let oc${i} = min(o0 + ${i}u, P.cout - 1u);`);
    for (let i = 0; i < oc; i++) for (let q = 0; q < kp4; q++) hoist.push(`let w${i}_${q} = wk[oc${i} * ${kp4}u + ${q}u];`);
    const rowLoad = (c: number, r: number, q: number, base: string) => `xp[${base} + ${c}u * plane + ${r}u * wp4 + ${q}u]`;
    const carryInit: string[] = [];
    const window: string[] = [];
    const shift: string[] = [];
    for (let c = 0; c < cin; c++) {
      for (let q = 0; q < nv; q++) {
        for (let r = 0; r < carry; r++) carryInit.push(`var x${c}_${r}_${q} = ${rowLoad(c, r, q, 'xb')};`);
        for (let r = carry; r < kh; r++) window.push(`let x${c}_${r}_${q} = ${rowLoad(c, r, q, 'xr')};`);
        for (let r = 0; r < carry; r++) shift.push(`x${c}_${r}_${q} = x${c}_${r + sh}_${q};`);
      }
    }
    const acc: string[] = [];
    for (let i = 0; i < oc; i++) {
      acc.push(`var a${i} = vec4<f32>(0.0);`);
      for (let c = 0; c < cin; c++) {
        for (let r = 0; r < kh; r++) {
          for (let j = 0; j < kw; j++) {
            const t = tap(v, c, r, j);
            const xs = [0, 1, 2, 3].map((col) => el(`x${c}_${r}_`, col * sw + j));
            acc.push(`a${i} = fma(vec4<f32>(w${i}_${t >> 2}.${COMP[t & 3]}), vec4<f32>(${xs.join(', ')}), a${i});`);
          }
        }
      }
    }
    const store: string[] = [];
    const guard = (i: number, s: string) => (i === 0 ? s : `if (o0 + ${i}u < P.cout) { ${s} }`);
    if (v.vecOut) {
      for (let i = 0; i < oc; i++) store.push(guard(i, `y[((n * P.cout + oc${i}) * P.out_h + oh) * P.groups + g] = a${i};`));
    } else {
      for (let j = 0; j < 4; j++) hoist.push(`let col_ok${j} = g * 4u + ${j}u < P.out_w;`);
      for (let i = 0; i < oc; i++) {
        const lines = [`let ob${i} = ((n * P.cout + oc${i}) * P.out_h + oh) * P.out_w + g * 4u;`];
        for (let j = 0; j < 4; j++) lines.push(`if (col_ok${j}) { y[ob${i} + ${j}u] = a${i}.${COMP[j]}; }`);
        store.push(guard(i, lines.join(' ')));
      }
    }
    const outDecl = `@group(0) @binding(2) var<storage, read_write> y: array<${v.vecOut ? 'vec4<f32>' : 'f32'}>;`;
    const code = fill(key, forwardCode, { CIN: cin, SH: sh, SW: sw, OC: oc }, {
      OUT_DECL: [outDecl], HOIST: hoist, CARRY_INIT: carryInit, WINDOW: window, ACC: acc, STORE: store, SHIFT: shift,
    });
    return {
      name: key, code, bindings: ['read', 'read', 'read_write', 'uniform'],
      uniforms: u32s('n', 'cout', 'out_h', 'out_w', 'groups', 'images', 'hp', 'wp4', 'zn', 'pad0', 'pad1', 'pad2'),
      workgroupSize: [8, 8, 1],
    };
  });
}

export interface ConvSmallWeightGradVariant extends ConvSmallGeometry {
  readonly sh: number;
  readonly sw: number;
  /** Output channels per invocation. */
  readonly oc: number;
  /** out_w % 4 == 0: read 4 columns of dY as one vec4. */
  readonly vecDy: boolean;
}

/**
 * Weight-gradient partials part [chunks * groups][cOut * K] (sum the rows for dw [cOut, cIn, kh, kw])
 * from dY [n, cOut, outH, outW] and xp (as for conv2dSmallSpec with ry = 1). Grid: (ceil(groups / 8),
 * ceil(chunks / 8), ceil(cOut / oc)), chunks of ns images. Bindings: dY, xp, part.
 */
export function conv2dSmallWeightGradSpec(v: ConvSmallWeightGradVariant): KernelSpec {
  const key = `conv2d-small-weight-grad@c${v.cin}k${v.kh}x${v.kw}s${v.sh}x${v.sw}o${v.oc}${v.vecDy ? 'v' : ''}`;
  return cached(key, () => {
    const { cin, kh, kw, sw, oc } = v;
    const k = cin * kh * kw;
    const nv = convSmallWindowVec4s(kw, sw);
    const hoist: string[] = [];
    for (let i = 0; i < oc; i++) hoist.push(`let oc${i} = min(o0 + ${i}u, P.cout - 1u);`);
    for (let i = 0; i < oc; i++) for (let t = 0; t < k; t++) hoist.push(`var s${i}_${t} = 0.0;`);
    const window: string[] = [];
    for (let c = 0; c < cin; c++) {
      for (let r = 0; r < kh; r++) {
        for (let q = 0; q < nv; q++) window.push(`let x${c}_${r}_${q} = xp[xb + ${c}u * plane + ${r}u * wp4 + ${q}u];`);
      }
    }
    const image: string[] = [];
    const dyLoads: string[] = [];
    if (v.vecDy) {
      // dY rows of the invocation's channels in image n, as vec4 indices; one row further per oh.
      for (let i = 0; i < oc; i++) image.push(`let dr${i} = (n * P.cout + oc${i}) * P.out_h * P.groups + g;`);
      for (let i = 0; i < oc; i++) dyLoads.push(`let d${i} = dy[dr${i} + oh * P.groups];`);
    } else {
      // Columns past out_w read the row's last element and are zeroed by the select.
      hoist.push('let last_col = P.out_w - 1u - g * 4u;');
      for (let j = 0; j < 4; j++) hoist.push(`let col_ok${j} = g * 4u + ${j}u < P.out_w;`);
      for (let i = 0; i < oc; i++) image.push(`let dr${i} = (n * P.cout + oc${i}) * P.out_h * P.out_w + g * 4u;`);
      for (let i = 0; i < oc; i++) {
        dyLoads.push(`let db${i} = dr${i} + oh * P.out_w;`);
        const comps = [0, 1, 2, 3].map((j) => `select(0.0, dy[db${i} + min(${j}u, last_col)], col_ok${j})`);
        dyLoads.push(`let d${i} = vec4<f32>(${comps.join(', ')});`);
      }
    }
    const acc: string[] = [];
    for (let c = 0; c < cin; c++) {
      for (let r = 0; r < kh; r++) {
        for (let j = 0; j < kw; j++) {
          const t = tap(v, c, r, j);
          const xs = [0, 1, 2, 3].map((col) => el(`x${c}_${r}_`, col * sw + j));
          for (let i = 0; i < oc; i++) {
            for (let col = 0; col < 4; col++) acc.push(`s${i}_${t} = fma(d${i}.${COMP[col]}, ${xs[col]}, s${i}_${t});`);
          }
        }
      }
    }
    const store: string[] = [];
    for (let i = 0; i < oc; i++) {
      const lines = Array.from({ length: k }, (_, t) => `part[pb + ${i * k + t}u] = s${i}_${t};`);
      store.push(i === 0 ? lines.join(' ') : `if (o0 + ${i}u < P.cout) { ${lines.join(' ')} }`);
    }
    const dyDecl = `@group(0) @binding(0) var<storage, read> dy: array<${v.vecDy ? 'vec4<f32>' : 'f32'}>;`;
    const code = fill(key, weightGradCode, { CIN: cin, SH: v.sh, SW: sw, OC: oc, K: k }, {
      DY_DECL: [dyDecl], HOIST: hoist, IMAGE: image, WINDOW: window, DY: dyLoads, ACC: acc, STORE: store,
    });
    return {
      name: key, code, bindings: ['read', 'read', 'read_write', 'uniform'],
      uniforms: u32s('n', 'cout', 'out_h', 'out_w', 'groups', 'chunks', 'hp', 'wp4', 'ns', 'cols', 'pad0', 'pad1'),
      workgroupSize: [8, 8, 1],
    };
  });
}

export interface ConvSmallInputGradVariant extends ConvSmallGeometry {
  /** Input rows per invocation. */
  readonly ry: number;
  /** (pad_w - kw + 1) mod 4: where the first needed dY column sits in the first window vec4. */
  readonly shift: number;
}

/** vec4s of one dY-window row of the input-gradient kernel. */
export function convSmallInputGradWindowVec4s(kw: number, shift: number): number {
  return Math.ceil((shift + 3 + kw) / 4);
}

/**
 * Input gradient at stride 1: dx [n, cIn, h, w] (w % 4 == 0) from dY [n, cOut, outH, outW]
 * (outW % 4 == 0) and wk [cOut][ceil(K / 4)] vec4s. Uniforms row_off = pad_h - kh + 1 and
 * col_off4 = (pad_w - kw + 1 - shift) / 4 (i32). Grid: (ceil(w4 / 8), ceil(row_groups / 8), image
 * chunks of zn), row_groups = ceil(h / ry). Bindings: dY, wk, dx.
 */
export function conv2dSmallInputGradSpec(v: ConvSmallInputGradVariant): KernelSpec {
  const key = `conv2d-small-input-grad@c${v.cin}k${v.kh}x${v.kw}r${v.ry}s${v.shift}`;
  return cached(key, () => {
    const { cin, kh, kw, ry, shift } = v;
    check(key, shift >= 0 && shift < 4, 'shift must be in 0..3');
    const k = cin * kh * kw;
    const nv = convSmallInputGradWindowVec4s(kw, shift);
    const rows = ry + kh - 1;
    const hoist: string[] = [];
    for (let r = 0; r < rows; r++) {
      hoist.push(`let yr${r} = i32(ih0) + P.row_off + ${r};`);
      hoist.push(`let okr${r} = yr${r} >= 0 && yr${r} < i32(P.out_h);`);
      hoist.push(`let cr${r} = u32(clamp(yr${r}, 0, i32(P.out_h) - 1));`);
    }
    for (let q = 0; q < nv; q++) {
      hoist.push(`let yq${q} = i32(g) + P.col_off4 + ${q};`);
      hoist.push(`let okq${q} = yq${q} >= 0 && yq${q} < i32(ow4);`);
      hoist.push(`let cq${q} = u32(clamp(yq${q}, 0, i32(ow4) - 1));`);
    }
    for (let r = 0; r < rows; r++) for (let q = 0; q < nv; q++) hoist.push(`let ok${r}_${q} = okr${r} && okq${q};`);
    const init: string[] = [];
    for (let c = 0; c < cin; c++) for (let r = 0; r < ry; r++) init.push(`var a${c}_${r} = vec4<f32>(0.0);`);
    const window: string[] = [];
    for (let r = 0; r < rows; r++) {
      for (let q = 0; q < nv; q++) window.push(`let d${r}_${q} = select(vec4<f32>(0.0), dy[(yb + cr${r}) * ow4 + cq${q}], ok${r}_${q});`);
    }
    const acc: string[] = [];
    for (let c = 0; c < cin; c++) {
      for (let r = 0; r < ry; r++) {
        for (let i = 0; i < kh; i++) {
          for (let j = 0; j < kw; j++) {
            const ds = [0, 1, 2, 3].map((col) => el(`d${r + kh - 1 - i}_`, col + kw - 1 - j + shift));
            acc.push(`a${c}_${r} = fma(vec4<f32>(${weight(tap(v, c, i, j))}), vec4<f32>(${ds.join(', ')}), a${c}_${r});`);
          }
        }
      }
    }
    const store: string[] = [];
    for (let c = 0; c < cin; c++) {
      for (let r = 0; r < ry; r++) {
        const s = `dx[((n * CIN + ${c}u) * P.h + ih0 + ${r}u) * P.w4 + g] = a${c}_${r};`;
        store.push(r === 0 ? s : `if (ih0 + ${r}u < P.h) { ${s} }`);
      }
    }
    const code = fill(key, inputGradCode, { CIN: cin, RY: ry }, {
      HOIST: hoist, ACC_INIT: init, WINDOW: window, WEIGHTS: weightLoads(k), ACC: acc, STORE: store,
    });
    return {
      name: key, code, bindings: ['read', 'read', 'read_write', 'uniform'],
      uniforms: [...u32s('n', 'cout', 'h', 'w4', 'out_h', 'ow4', 'row_groups', 'zn'), ['row_off', 'i32'], ['col_off4', 'i32'], ...u32s('pad0', 'pad1')],
      workgroupSize: [8, 8, 1],
    };
  });
}
