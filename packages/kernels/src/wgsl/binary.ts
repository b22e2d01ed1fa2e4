import type { KernelSpec } from '../spec.js';
import code from './binary.wgsl';

/** Override constant OP for each binary op, in the order of binary.wgsl's switch. */
export const BINARY_OPS = ['add', 'sub', 'mul', 'div', 'max', 'min', 'pow', 'gt', 'ge', 'lt', 'le', 'eq', 'ne'] as const;
export const BINARY_MODE = { same: 0, strided: 1, scalarRight: 2, scalarLeft: 3 } as const;
export const MAX_RANK = 6;

const dims = (p: string) => Array.from({ length: MAX_RANK }, (_, i) => [`${p}${i}`, 'u32'] as const);

export const binary: KernelSpec = {
  name: 'binary',
  code,
  bindings: ['read', 'read', 'read_write', 'uniform'],
  uniforms: [['n', 'u32'], ['scalar', 'f32'], ...dims('s'), ...dims('a'), ...dims('b')],
  workgroupSize: [256, 1, 1],
};
