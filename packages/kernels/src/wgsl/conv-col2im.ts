import type { KernelSpec } from '../spec.js';
import code from './conv-col2im.wgsl';

/**
 * dx[n, c, ih, iw] as the sum of the z entries of the taps that reach it (see conv-col2im.wgsl);
 * one invocation per dx element, total = n * cin * h * w. Bindings: z, dx.
 */
export const convCol2im: KernelSpec = {
  name: 'conv-col2im',
  code,
  bindings: ['read', 'read_write', 'uniform'],
  uniforms: (
    ['total', 'cin', 'h', 'w', 'kh', 'kw', 'stride_h', 'stride_w', 'pad_h', 'pad_w', 'out_h', 'out_w', 'zcols', 'pad0', 'pad1', 'pad2'] as const
  ).map((n) => [n, 'u32'] as const),
  workgroupSize: [256, 1, 1],
};
