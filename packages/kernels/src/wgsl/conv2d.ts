import type { KernelSpec, UniformType } from '../spec.js';
import { type GemmTile, tiledGemmSpec } from './matmul-tile.js';
import forward from './conv2d.wgsl';
import inputGrad from './conv2d-input-grad.wgsl';
import weightGrad from './conv2d-weight-grad.wgsl';
import weightGradDy from './conv2d-weight-grad-dy.wgsl';
import weightGradDyh from './conv2d-weight-grad-dyh.wgsl';
import storeNchw from './conv-store-nchw.wgsl';
import storeNchwVec4 from './conv-store-nchw-vec4.wgsl';

// The conv trio on the tiled-GEMM core (matmul-tile.wgsl): each file only says how A and B are read
// from channels-last copies (conv-layout.wgsl) and where C goes. Bindings: A source, B source,
// output, uniforms. Grid: one invocation per tile (and split-K layer) along x, spilling into y.
// conv2d and its input gradient write NCHW through conv-store-nchw*.wgsl: `vec4Store` (needs the
// output plane h*w % 4 == 0) stores four pixels of a channel at once.

const store = (vec4Store: boolean) => (vec4Store ? storeNchwVec4 : storeNchw);
const variant = (name: string, vec4Store: boolean) => (vec4Store ? `${name}-vec4-store` : name);

const u32s = (...names: string[]): [string, UniformType][] => names.map((n) => [n, 'u32']);

/** y[n, o, oh, ow] from xh [n*h*w][cp4] and wt [cOut*kh*kw][cp4]. */
export function conv2dSpec(tile: GemmTile, vec4Store: boolean): KernelSpec {
  const uniforms = u32s('m', 'h', 'w', 'cout', 'kw', 'khw', 'stride_h', 'stride_w', 'pad_h', 'pad_w', 'out_h', 'out_w', 'cp4', 'pad0', 'pad1', 'pad2');
  return tiledGemmSpec(variant('conv2d', vec4Store), `${forward}\n${store(vec4Store)}`, ['read', 'read', 'read_write', 'uniform'], uniforms, tile);
}

/** dx[n, c, ih, iw] from dyh [n*outH*outW][cop4] and wt [cIn*kh*kw][cop4]. */
export function conv2dInputGradSpec(tile: GemmTile, vec4Store: boolean): KernelSpec {
  const uniforms = u32s('m', 'cin', 'h', 'w', 'kw', 'khw', 'stride_h', 'stride_w', 'pad_h', 'pad_w', 'out_h', 'out_w', 'cop4', 'pad0', 'pad1', 'pad2');
  return tiledGemmSpec(variant('conv2d-input-grad', vec4Store), `${inputGrad}\n${store(vec4Store)}`, ['read', 'read', 'read_write', 'uniform'], uniforms, tile);
}

/**
 * Partial dw[z][o, c, kh, kw] over blocks [z * blocks_per_split, ...) (a block: `group` output rows
 * of one image) from dY and xh. `dyInPlace` (needs out_w % 4 == 0) reads dY as NCHW; otherwise
 * binding 0 is dY's channels-last copy.
 */
export function conv2dWeightGradSpec(tile: GemmTile, dyInPlace: boolean): KernelSpec {
  const uniforms = u32s(
    'cout', 'cin', 'h', 'w', 'kw', 'khw', 'stride_h', 'stride_w', 'pad_h', 'pad_w', 'out_h', 'out_w',
    'cp4', 'cop4', 'blocks', 'blocks_per_split', 'splits', 'group', 'blocks_per_image', 'ow4',
  );
  const name = dyInPlace ? 'conv2d-weight-grad' : 'conv2d-weight-grad-dyh';
  return tiledGemmSpec(name, `${weightGrad}\n${dyInPlace ? weightGradDy : weightGradDyh}`, ['read', 'read', 'read_write', 'uniform'], uniforms, tile);
}
