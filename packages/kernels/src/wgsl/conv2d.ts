import type { KernelSpec, UniformType } from '../spec.js';
import { type GemmTile, tiledGemmSpec } from './matmul-tile.js';
import forward from './conv2d.wgsl';
import inputGrad from './conv2d-input-grad.wgsl';
import weightGrad from './conv2d-weight-grad.wgsl';

// The conv trio on the tiled-GEMM core (matmul-tile.wgsl): each file only says how A and B are read
// from channels-last copies (conv-layout.wgsl) and where C goes. Bindings: A source, B source,
// output, uniforms. Grid: tiles in x (spilling into y); weightGrad puts split-K layers in z.

const u32s = (...names: string[]): [string, UniformType][] => names.map((n) => [n, 'u32']);

/** y[n, o, oh, ow] from xh [n*h*w][cp4] and wt [cOut*kh*kw][cp4]. */
export function conv2dSpec(tile: GemmTile): KernelSpec {
  const uniforms = u32s('m', 'h', 'w', 'cout', 'kw', 'khw', 'stride_h', 'stride_w', 'pad_h', 'pad_w', 'out_h', 'out_w', 'cp4', 'pad0', 'pad1', 'pad2');
  return tiledGemmSpec('conv2d', forward, ['read', 'read', 'read_write', 'uniform'], uniforms, tile);
}

/** dx[n, c, ih, iw] from dyh [n*outH*outW][cop4] and wt [cIn*kh*kw][cop4]. */
export function conv2dInputGradSpec(tile: GemmTile): KernelSpec {
  const uniforms = u32s('m', 'cin', 'h', 'w', 'kw', 'khw', 'stride_h', 'stride_w', 'pad_h', 'pad_w', 'out_h', 'out_w', 'cop4', 'pad0', 'pad1', 'pad2');
  return tiledGemmSpec('conv2d-input-grad', inputGrad, ['read', 'read', 'read_write', 'uniform'], uniforms, tile);
}

/** Partial dw[z][o, c, kh, kw] over output rows [z * rows_per_split, ...) from dyh and xh. */
export function conv2dWeightGradSpec(tile: GemmTile): KernelSpec {
  const uniforms = u32s('cout', 'cin', 'h', 'w', 'kw', 'khw', 'stride_h', 'stride_w', 'pad_h', 'pad_w', 'out_h', 'out_w', 'cp4', 'cop4', 'rows', 'rows_per_split');
  return tiledGemmSpec('conv2d-weight-grad', weightGrad, ['read', 'read', 'read_write', 'uniform'], uniforms, tile);
}
