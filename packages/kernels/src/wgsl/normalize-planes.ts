import type { BindingKind, KernelSpec } from '../spec.js';
import code from './normalize-planes.wgsl';
import { type PlaneElement, planeSpecs } from './plane-element.js';
import stats from './plane-stats.wgsl';

/** Uniforms of the three normalize-planes kernels: planes, hw (values per plane, >= 1), eps. */
export const NORMALIZE_PLANES_UNIFORMS = [['planes', 'u32'], ['hw', 'u32'], ['eps', 'f32']] as const;

/** A normalize-planes kernel in its two element types: f32 (any hw) and vec4 (hw % 4 == 0, four values a load). */
export type NormalizePlanesKernel = Readonly<Record<PlaneElement, KernelSpec>>;

/** Both element types of one normalize-planes kernel (plane-element.ts: element prelude, Params, head). */
export function normalizePlanesKernel(name: string, kernel: string, bindings: readonly BindingKind[]): NormalizePlanesKernel {
  return planeSpecs(name, kernel, { bindings, uniforms: NORMALIZE_PLANES_UNIFORMS, workgroupSize: [64, 1, 1] });
}

/**
 * Per-plane normalisation without affine parameters, y = (x - mean) / sqrt(var + eps). Override
 * constants WG (workgroup size, default 64) and LANES (invocations per plane, a power of two dividing
 * WG): dispatch ceil(planes / (WG / LANES)) workgroups through grid1d. Bindings: x, y.
 */
export const normalizePlanes = normalizePlanesKernel('normalize-planes', `${code}\n${stats}`, ['read', 'read_write', 'uniform']);
