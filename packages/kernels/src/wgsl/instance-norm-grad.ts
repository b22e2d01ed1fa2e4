import io from './instance-norm-grad-io.wgsl';
import code from './instance-norm-grad.wgsl';
import { INSTANCE_NORM_UNIFORMS } from './instance-norm.js';
import { planeSpecs } from './plane-element.js';

/**
 * Fused first-order instance norm backward from the forward's per-plane mean and rstd, `f32` or `vec4`
 * elements (overrides and grid as instanceNorm; RELU masks dy where the pre-activation is <= 0).
 * Bindings: x, dy, weight [c], bias [c], mean [planes], rstd [planes], dx, dweight and dbias partials [planes].
 */
export const instanceNormGrad = planeSpecs('instance-norm-grad', `${code}\n${io}`, {
  bindings: ['read', 'read', 'read', 'read', 'read', 'read', 'read_write', 'read_write', 'read_write', 'uniform'],
  uniforms: INSTANCE_NORM_UNIFORMS,
  workgroupSize: [64, 1, 1],
});
