import type { KernelSpec } from '../spec.js';
import { type GemmTile, tiledGemmSpec } from './matmul-tile.js';
import hooks from './matmul.wgsl';
import storeScalar from './matmul-store.wgsl';
import storeVec4 from './matmul-store-vec4.wgsl';

/**
 * Batched matmul on the tiled-GEMM core. Bindings: A (f32 view), A (vec4 view), B (f32), B (vec4),
 * C; bind each operand's buffer twice. Overrides: TRANS_A, TRANS_B, VEC_A, VEC_B (see matmul.wgsl).
 * `vec4Store` (needs n % 4 == 0) writes C as vec4s. Grid: one invocation per (batch entry, tile)
 * along x, spilling into y.
 */
export function matmulSpec(tile: GemmTile, vec4Store: boolean): KernelSpec {
  return tiledGemmSpec(
    vec4Store ? 'matmul-vec4-store' : 'matmul',
    `${hooks}\n${vec4Store ? storeVec4 : storeScalar}`,
    ['read', 'read', 'read', 'read', 'read_write', 'uniform'],
    [['m', 'u32'], ['n', 'u32'], ['k', 'u32'], ['k4', 'u32'], ['stride_a', 'u32'], ['stride_b', 'u32'], ['layers', 'u32'], ['pad0', 'u32']],
    tile,
  );
}
