import type { KernelSpec } from '../spec.js';
import code from './conv-layout.wgsl';

/**
 * x viewed as [b, c, s] to channels-last out[b * s][cp4 * 4] (zero-padded channels), the operand
 * layout of the implicit-GEMM convolutions. One invocation per output vec4: total = b * s * cp4.
 * Bindings: x (f32), out (vec4).
 */
export const convLayout: KernelSpec = {
  name: 'conv-layout',
  code,
  bindings: ['read', 'read_write', 'uniform'],
  uniforms: [['total', 'u32'], ['c', 'u32'], ['s', 'u32'], ['cp4', 'u32']],
  workgroupSize: [256, 1, 1],
};
