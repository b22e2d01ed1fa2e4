import type { KernelSpec } from '../spec.js';
import code from './avg-pool2d-grad.wgsl';

/** The input gradient of avg-pool2d; n = planes · h · w. Same uniforms as avgPool2d. Bindings: dy, dx. */
export const avgPool2dGrad: KernelSpec = {
  name: 'avg-pool2d-grad',
  code,
  bindings: ['read', 'read_write', 'uniform'],
  uniforms: [
    ['n', 'u32'], ['h', 'u32'], ['w', 'u32'], ['outH', 'u32'], ['outW', 'u32'],
    ['kh', 'u32'], ['kw', 'u32'], ['strideH', 'u32'], ['strideW', 'u32'], ['padH', 'u32'], ['padW', 'u32'], ['inv', 'f32'],
  ],
  workgroupSize: [256, 1, 1],
};
