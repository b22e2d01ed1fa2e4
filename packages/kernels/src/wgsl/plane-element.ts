import type { KernelSpec } from '../spec.js';
import head from './plane-sum.wgsl';

/**
 * Element types of the per-plane kernels (instance-norm*, normalize-planes*): planes are read and
 * written as f32, or as vec4 when the layout allows (fewer, wider loads; on llvmpipe a vec4 load costs
 * about 1.8 scalar loads). The kernel bodies use `V`, `VW` (floats per V) and `hsum` (sum of a V's
 * components), defined here.
 */
const ELEMENT = {
  f32: 'alias V = f32;\nconst VW: u32 = 1u;\nfn hsum(v: f32) -> f32 { return v; }\n',
  vec4: 'alias V = vec4<f32>;\nconst VW: u32 = 4u;\nfn hsum(v: vec4<f32>) -> f32 { return (v.x + v.y) + (v.z + v.w); }\n',
};

export type PlaneElement = keyof typeof ELEMENT;

/** The WGSL `Params` struct of a spec's uniforms, so the struct and packUniforms can never disagree. */
function paramsStruct(uniforms: KernelSpec['uniforms']): string {
  return `struct Params { ${uniforms.map(([name, type]) => `${name}: ${type}`).join(', ')} }\n`;
}

/**
 * One spec per element type: `name` for f32, `name-vec4` for vec4. The code is the element prelude,
 * Params (from spec.uniforms), the shared head (plane-sum.wgsl), then `body`.
 */
export function planeSpecs(name: string, body: string, spec: Omit<KernelSpec, 'name' | 'code'>): Record<PlaneElement, KernelSpec> {
  const make = (e: PlaneElement): KernelSpec => ({
    ...spec,
    name: e === 'f32' ? name : `${name}-${e}`,
    code: `${ELEMENT[e]}\n${paramsStruct(spec.uniforms)}\n${head}\n${body}`,
  });
  return { f32: make('f32'), vec4: make('vec4') };
}
