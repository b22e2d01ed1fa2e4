import type { KernelSpec } from '../spec.js';
import apply from './binary-apply.wgsl';
import body from './binary-rows.wgsl';

/** Override constant MODE_A / MODE_B of binaryRows: how an operand is indexed. */
export const ROWS_MODE = { full: 0, perRow: 1, perColumn: 2 } as const;

/** Override OP value of binaryRows that copies operand A (an expand) instead of applying an op. */
export const ROWS_COPY = 99;

const ELEMENT = { f32: 'alias V = f32;\nconst VW: u32 = 1u;\n', vec4: 'alias V = vec4<f32>;\nconst VW: u32 = 4u;\n' };

function spec(e: 'f32' | 'vec4'): KernelSpec {
  return {
    name: e === 'f32' ? 'binary-rows' : 'binary-rows-vec4',
    code: `${ELEMENT[e]}${apply}\n${body}`,
    bindings: ['read', 'read', 'read', 'read', 'read_write', 'uniform'],
    uniforms: [['cols', 'u32'], ['rows', 'u32'], ['mod_a', 'u32'], ['mod_b', 'u32']],
    workgroupSize: [64, 1, 1],
  };
}

/**
 * Broadcasting binary op (override OP as in BINARY_OPS, or ROWS_COPY) over [rows, cols] with operands
 * full, per row (index row % mod) or per column; `vec4` needs cols % 4 == 0. Overrides MODE_A, MODE_B,
 * WG_X (a power of two <= 64). Grid: (ceil(cols / VW / WG_X), row groups of 64 / WG_X, split over y
 * and z). Bindings: a (as V), a (as f32), b (as V), b (as f32), out.
 */
export const binaryRows: Record<'f32' | 'vec4', KernelSpec> = { f32: spec('f32'), vec4: spec('vec4') };
