import type { KernelSpec } from '../spec.js';
import code from './avg-pool2x2.wgsl';
import gradCode from './avg-pool2x2-grad.wgsl';

const uniforms: KernelSpec['uniforms'] = [['planes', 'u32'], ['h', 'u32'], ['w', 'u32'], ['outH', 'u32'], ['outW', 'u32'], ['zPlanes', 'u32']];

/** avg-pool2d's fast path for 2x2 windows, stride 2, no padding. Grid: (ceil(outW / 8), ceil(outH / 8), plane chunks). Bindings: x, out. */
export const avgPool2x2: KernelSpec = { name: 'avg-pool2x2', code, bindings: ['read', 'read_write', 'uniform'], uniforms, workgroupSize: [8, 8, 1] };

/** Its adjoint. Grid: (ceil(w / 8), ceil(h / 8), plane chunks). Bindings: dy, dx. */
export const avgPool2x2Grad: KernelSpec = { name: 'avg-pool2x2-grad', code: gradCode, bindings: ['read', 'read_write', 'uniform'], uniforms, workgroupSize: [8, 8, 1] };
