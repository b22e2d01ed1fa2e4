import type { KernelSpec } from '../spec.js';
import code from './sgd-step.wgsl';

/** out = a - eta[0] * b (bindings: a, b, eta, out). One invocation per element. */
export const sgdStep: KernelSpec = {
  name: 'sgd-step',
  code,
  bindings: ['read', 'read', 'read', 'read_write', 'uniform'],
  uniforms: [['n', 'u32']],
  workgroupSize: [256, 1, 1],
};
