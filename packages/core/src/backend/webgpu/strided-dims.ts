import { STRIDED_ITEMS, STRIDED_MAX_RANK } from '@pad-gpu/kernels';

/** A strided iteration space with the dimensions listed innermost first (the strided kernels' order). */
export interface MergedDims {
  /** Sizes, innermost first; [1] for a single element. */
  sizes: number[];
  /** One stride list per operand, innermost first. */
  strides: number[][];
}

/**
 * Drops size-1 dimensions and merges each dimension into its inner neighbour wherever every operand
 * steps through the pair as one run (stride[d] = stride[d+1] · size[d+1]). Each dimension left costs
 * the strided kernels a u32 division, expensive on llvmpipe, and this turns most permutes, slices
 * and broadcasts of 4-D tensors into rank 2 or 3 (and contiguous copies into rank 1).
 */
export function mergeDims(shape: readonly number[], operandStrides: readonly (readonly number[])[]): MergedDims {
  const sizes: number[] = [];
  const strides: number[][] = operandStrides.map(() => []);
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] === 1) continue;
    const last = sizes.length - 1;
    const mergeable = last >= 0 && operandStrides.every((s, k) => s[d] === strides[k][last] * sizes[last]);
    if (mergeable) sizes[last] *= shape[d];
    else {
      sizes.push(shape[d]);
      operandStrides.forEach((s, k) => strides[k].push(s[d]));
    }
  }
  if (sizes.length === 0) return { sizes: [1], strides: strides.map(() => [0]) };
  if (sizes.length > STRIDED_MAX_RANK) throw new Error(`webgpu strided kernel: ${sizes.length} dimensions remain after merging, at most ${STRIDED_MAX_RANK} are supported`);
  return { sizes, strides };
}

/**
 * The per-dimension uniforms of copy-strided/where: for dimension d, field names[0] gets the size and
 * names[k] the stride of operand k - 1 (unused dimensions and fields are 0).
 */
export function dimUniforms(names: readonly [string, string, string, string], m: MergedDims, out: Record<string, number>): Record<string, number> {
  for (let d = 0; d < STRIDED_MAX_RANK; d++) {
    out[`${names[0]}${d}`] = m.sizes[d] ?? 0;
    for (let k = 1; k < 4; k++) out[`${names[k]}${d}`] = m.strides[k - 1]?.[d] ?? 0;
  }
  return out;
}

/** Workgroups of 256 invocations for a strided kernel that handles STRIDED_ITEMS elements each. */
export function stridedWorkgroups(n: number): number {
  return Math.ceil(n / (256 * STRIDED_ITEMS));
}
