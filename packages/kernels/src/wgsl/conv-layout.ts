import type { KernelSpec } from '../spec.js';
import code from './conv-layout.wgsl';

/**
 * x viewed as [b, c, s] to channels-last out[b * s][cp4 * 4] (zero-padded channels), the operand
 * layout of the implicit-GEMM convolutions. One invocation per 4 x 4 block: total = b * s4 * cp4
 * with s4 = ceil(s / 4). Bindings: x (f32 view), x (vec4 view, same buffer), out (vec4).
 * Override VEC (needs s % 4 == 0) reads vec4s.
 */
export const convLayout: KernelSpec = {
  name: 'conv-layout',
  code,
  bindings: ['read', 'read', 'read_write', 'uniform'],
  uniforms: [['total', 'u32'], ['c', 'u32'], ['s', 'u32'], ['s4', 'u32'], ['cp4', 'u32'], ['pad0', 'u32'], ['pad1', 'u32'], ['pad2', 'u32']],
  workgroupSize: [256, 1, 1],
};
