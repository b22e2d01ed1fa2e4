import type { KernelSpec, UniformType } from '../spec.js';
import code from './copy-strided.wgsl';

/** Most dimensions a strided kernel takes after the host merged contiguous ones. */
export const STRIDED_MAX_RANK = 6;
/** Elements each invocation of copy-strided and where handles (dispatch ceil(n / 8) invocations). */
export const STRIDED_ITEMS = 8;

/** Uniform fields of `dims: array<vec4<u32>, 6>`: four u32 per dimension, named by `fields`. */
export function stridedDimFields(fields: readonly [string, string, string, string]): [string, UniformType][] {
  return Array.from({ length: STRIDED_MAX_RANK }, (_, d) => fields.map((f) => [`${f}${d}`, 'u32'] as [string, UniformType])).flat();
}

/**
 * Strided gather (default) or scatter (override SCATTER = 1) of 32-bit words. Per dimension d,
 * innermost first: size s{d}, stride t{d} (and two unused fields); only the first `rank` are read.
 * Bindings: x, out.
 */
export const copyStrided: KernelSpec = {
  name: 'copy-strided',
  code,
  bindings: ['read', 'read_write', 'uniform'],
  uniforms: [['n', 'u32'], ['offset', 'u32'], ['rank', 'u32'], ['pad', 'u32'], ...stridedDimFields(['s', 't', 'unusedA', 'unusedB'])],
  workgroupSize: [256, 1, 1],
};
