/**
 * A kernel spec: everything a backend needs to compile and dispatch one .wgsl file, and nothing about
 * tensors. Shapes travel as uniforms, so one compiled pipeline serves every shape; only `overrides`
 * (WGSL override constants, e.g. a tile size) create a new specialisation.
 */
export type BindingKind = 'read' | 'read_write' | 'uniform';
export type UniformType = 'u32' | 'i32' | 'f32';

export interface KernelSpec<U extends string = string> {
  /** Unique name, used as the pipeline cache key and in every error message. */
  readonly name: string;
  /** WGSL source of the whole module. */
  readonly code: string;
  readonly entryPoint?: string;
  /** Storage/uniform bindings of @group(0), in @binding order. The uniform block, if any, is last. */
  readonly bindings: readonly BindingKind[];
  /** Fields of the `Params` uniform struct in declaration order; every field is a 4-byte scalar. */
  readonly uniforms: readonly (readonly [string, UniformType])[];
  /** Invocations per workgroup along x, y, z (must match @workgroup_size). */
  readonly workgroupSize: readonly [number, number, number];
}

export type UniformValues = Record<string, number>;

/** Packs uniform values in struct order; WGSL rounds a uniform struct up to 16 bytes. */
export function packUniforms(spec: KernelSpec, values: UniformValues): ArrayBuffer {
  const n = spec.uniforms.length;
  const buf = new ArrayBuffer(Math.max(16, Math.ceil((n * 4) / 16) * 16));
  const view = new DataView(buf);
  spec.uniforms.forEach(([name, type], i) => {
    const v = values[name];
    if (v === undefined || Number.isNaN(v)) throw new Error(`kernel ${spec.name}: uniform '${name}' is missing`);
    if (type === 'f32') view.setFloat32(i * 4, v, true);
    else if (type === 'i32') view.setInt32(i * 4, v, true);
    else {
      if (v < 0 || v > 0xffffffff || !Number.isInteger(v)) throw new Error(`kernel ${spec.name}: uniform '${name}' = ${v} is not a u32`);
      view.setUint32(i * 4, v, true);
    }
  });
  return buf;
}

/** WebGPU allows at most 65,535 workgroups per dimension: spill a long 1-D grid into y. */
export function grid1d(totalWorkgroups: number, maxPerDim = 65535): [number, number, number] {
  if (totalWorkgroups <= maxPerDim) return [Math.max(1, totalWorkgroups), 1, 1];
  const y = Math.ceil(totalWorkgroups / maxPerDim);
  return [Math.ceil(totalWorkgroups / y), y, 1];
}
