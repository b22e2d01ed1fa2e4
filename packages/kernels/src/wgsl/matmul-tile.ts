import type { BindingKind, KernelSpec, UniformType } from '../spec.js';
import core from './matmul-tile.wgsl';

/** Register tile of one invocation (tm x tn outputs, both multiples of 4) and invocations per workgroup. */
export interface GemmTile {
  readonly tm: number;
  readonly tn: number;
  readonly wg: number;
}

const variants = new Map<string, KernelSpec>();

function setConst(code: string, pattern: RegExp, line: string, what: string): string {
  if (!pattern.test(code)) throw new Error(`matmul-tile: the core no longer declares ${what}`);
  return code.replace(pattern, line);
}

/**
 * One kernel of the tiled-GEMM family: the shared core (matmul-tile.wgsl) followed by a hooks module
 * that defines how A and B are read and C is written. The tile sizes size private arrays, so they
 * must be WGSL consts: each tile gets its own source and spec name (`name@32x32w64`), cached here so
 * the pipeline cache sees one spec object per variant.
 */
export function tiledGemmSpec(
  name: string,
  hooks: string,
  bindings: readonly BindingKind[],
  uniforms: readonly (readonly [string, UniformType])[],
  tile: GemmTile,
): KernelSpec {
  const { tm, tn, wg } = tile;
  if (tm % 4 !== 0 || tn % 4 !== 0 || tm < 4 || tn < 4) throw new Error(`${name}: tile ${tm}x${tn} must be multiples of 4`);
  const key = `${name}@${tm}x${tn}w${wg}`;
  let spec = variants.get(key);
  if (!spec) {
    let code = setConst(core, /^const TM: u32 = \d+u;$/m, `const TM: u32 = ${tm}u;`, 'TM');
    code = setConst(code, /^const TN: u32 = \d+u;$/m, `const TN: u32 = ${tn}u;`, 'TN');
    code = setConst(code, /^override WG: u32 = \d+u;$/m, `override WG: u32 = ${wg}u;`, 'WG');
    spec = { name: key, code: `${code}\n${hooks}`, bindings, uniforms, workgroupSize: [wg, 1, 1] };
    variants.set(key, spec);
  }
  return spec;
}
