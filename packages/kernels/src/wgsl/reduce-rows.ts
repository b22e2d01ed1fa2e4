import type { KernelSpec } from '../spec.js';
import code from './reduce-rows.wgsl';

/** Override constant OP for each reduction, shared by reduceRows and reduceCols. */
export const REDUCE_OPS = ['sum', 'max', 'min'] as const;

/**
 * One pass of a workgroup tree reduction over contiguous rows of length r: one workgroup (WG
 * invocations, an override constant, a power of two; default 256) per chunk of `chunk` elements,
 * nwork = rows · nchunks workgroups (spilled into y), out = [rows, nchunks]. Bindings: x, out.
 */
export const reduceRows: KernelSpec = {
  name: 'reduce-rows',
  code,
  bindings: ['read', 'read_write', 'uniform'],
  uniforms: [['r', 'u32'], ['chunk', 'u32'], ['nchunks', 'u32'], ['nwork', 'u32'], ['init', 'f32']],
  workgroupSize: [256, 1, 1],
};
