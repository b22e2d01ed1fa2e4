import type { BindingKind, KernelSpec } from '../spec.js';
import head from './normalize-planes-common.wgsl';
import code from './normalize-planes.wgsl';

/** Uniforms of the three normalize-planes kernels: planes, hw (values per plane, >= 1), eps. */
export const NORMALIZE_PLANES_UNIFORMS = [['planes', 'u32'], ['hw', 'u32'], ['eps', 'f32']] as const;

// Variant preludes: the element V a kernel loads and stores, W values per element, hsum.
const SCALAR = 'alias V = f32;\nconst W: u32 = 1u;\nfn hsum(v: V) -> f32 { return v; }\n';
const VEC4 = 'alias V = vec4<f32>;\nconst W: u32 = 4u;\nfn hsum(v: V) -> f32 { return (v.x + v.y) + (v.z + v.w); }\n';

/** A normalize-planes kernel in its two variants: scalar (any hw) and vec4 (hw % 4 == 0, four values a load). */
export interface NormalizePlanesKernel {
  readonly scalar: KernelSpec;
  readonly vec4: KernelSpec;
}

/** Builds both variants of one normalize-planes kernel (prelude + shared head + kernel). */
export function normalizePlanesKernel(name: string, kernel: string, bindings: readonly BindingKind[]): NormalizePlanesKernel {
  const spec = (suffix: string, prelude: string): KernelSpec => ({
    name: `${name}${suffix}`,
    code: `${prelude}\n${head}\n${kernel}`,
    bindings,
    uniforms: NORMALIZE_PLANES_UNIFORMS,
    workgroupSize: [64, 1, 1],
  });
  return { scalar: spec('', SCALAR), vec4: spec('@vec4', VEC4) };
}

/**
 * Per-plane normalisation without affine parameters, y = (x - mean) / sqrt(var + eps). Override
 * constants WG (workgroup size, default 64) and LANES (invocations per plane, a power of two dividing
 * WG): dispatch ceil(planes / (WG / LANES)) workgroups through grid1d. Bindings: x, y.
 */
export const normalizePlanes = normalizePlanesKernel('normalize-planes', code, ['read', 'read_write', 'uniform']);
