import type { KernelSpec } from '../spec.js';
import { type GemmTile, tiledGemmSpec } from './matmul-tile.js';
import hooks from './matmul.wgsl';

/**
 * Batched matmul on the tiled-GEMM core. Bindings: A (f32 view), A (vec4 view), B (f32), B (vec4),
 * C; bind each operand's buffer twice. Overrides: TRANS_A, TRANS_B, VEC_A, VEC_B (see matmul.wgsl).
 * Grid: tiles of C in x (spilling into y), batch in z (z0 offsets batches past 65,535).
 */
export function matmulSpec(tile: GemmTile): KernelSpec {
  return tiledGemmSpec(
    'matmul',
    hooks,
    ['read', 'read', 'read', 'read', 'read_write', 'uniform'],
    [['m', 'u32'], ['n', 'u32'], ['k', 'u32'], ['k4', 'u32'], ['stride_a', 'u32'], ['stride_b', 'u32'], ['z0', 'u32'], ['pad0', 'u32']],
    tile,
  );
}
