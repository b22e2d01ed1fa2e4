import type { KernelSpec } from '../spec.js';
import code from './el2n.wgsl';

/** scores[i] = ||softmax(logits[i, :]) - onehot(labels[i])||_2 (bindings: logits f32 [n, classes],
 *  labels i32 [n], scores f32 [n]). One invocation per sample. */
export const el2n: KernelSpec = {
  name: 'el2n',
  code,
  bindings: ['read', 'read', 'read_write', 'uniform'],
  uniforms: [['n', 'u32'], ['classes', 'u32']],
  workgroupSize: [256, 1, 1],
};
