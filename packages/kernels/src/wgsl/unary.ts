import type { KernelSpec } from '../spec.js';
import code from './unary.wgsl';

/** Override constant OP for each unary op, in the order of unary.wgsl's switch. */
export const UNARY_OPS = [
  'neg', 'exp', 'log', 'sqrt', 'rsqrt', 'relu', 'step', 'abs', 'sign', 'square', 'recip',
  'sin', 'cos', 'tanh', 'sigmoid', 'floor', 'isfinite',
] as const;

export const unary: KernelSpec = {
  name: 'unary',
  code,
  bindings: ['read', 'read_write', 'uniform'],
  uniforms: [['n', 'u32']],
  workgroupSize: [256, 1, 1],
};
