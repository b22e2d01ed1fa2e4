import type { KernelSpec } from '../spec.js';
import code from './fill.wgsl';

export const fill: KernelSpec = {
  name: 'fill',
  code,
  bindings: ['read_write', 'uniform'],
  uniforms: [['n', 'u32'], ['bits', 'u32']],
  workgroupSize: [256, 1, 1],
};
