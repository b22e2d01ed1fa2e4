import gradIo from './instance-norm-grad-io.wgsl';
import io from './instance-norm-io.wgsl';
import code from './instance-norm-pool.wgsl';
import gradCode from './instance-norm-pool-grad.wgsl';
import stats from './plane-stats.wgsl';
import type { KernelSpec } from '../spec.js';
import { type PlaneElement, planeSpecs } from './plane-element.js';

/** Uniforms of both pooled instance-norm kernels: planes = n·c, c, the plane's h and w, the pooled
 *  outH = floor(h / 2) and outW = floor(w / 2), eps (unused by the backward). */
export const INSTANCE_NORM_POOL_UNIFORMS = [['planes', 'u32'], ['c', 'u32'], ['h', 'u32'], ['w', 'u32'], ['outH', 'u32'], ['outW', 'u32'], ['eps', 'f32']] as const;

/**
 * The pooled element O and its helpers, after the input element V of plane-element.ts. f32: one value
 * per pooled pixel, from input columns 2ox and 2ox + 1. vec4 (w % 8 == 0): four pooled pixels from two
 * vec4 of a row (8 columns), `pair_sum` adds neighbouring columns; `spread_lo` / `spread_hi` upsample a
 * pooled vec4's gradient onto the left / right input vec4.
 */
const POOLED: Record<PlaneElement, string> = {
  f32: [
    'alias O = f32;',
    'fn pair_sum(a: f32, b: f32) -> f32 { return a + b; }',
    'fn spread_lo(d: f32) -> f32 { return d; }',
    'fn spread_hi(d: f32) -> f32 { return d; }',
  ].join('\n'),
  vec4: [
    'alias O = vec4<f32>;',
    'fn pair_sum(a: vec4<f32>, b: vec4<f32>) -> vec4<f32> { return vec4(a.x + a.y, a.z + a.w, b.x + b.y, b.z + b.w); }',
    'fn spread_lo(d: vec4<f32>) -> vec4<f32> { return d.xxyy; }',
    'fn spread_hi(d: vec4<f32>) -> vec4<f32> { return d.zzww; }',
  ].join('\n'),
};

function pooledSpecs(name: string, body: string, spec: Omit<KernelSpec, 'name' | 'code'>): Record<PlaneElement, KernelSpec> {
  return {
    f32: planeSpecs(name, `${POOLED.f32}\n${body}`, spec).f32,
    vec4: planeSpecs(name, `${POOLED.vec4}\n${body}`, spec).vec4,
  };
}

/**
 * instance norm -> ReLU -> avg_pool2d(2) in one kernel: per-plane statistics, then only the pooled
 * output. `f32` elements for any h, w >= 2 (a dropped odd row or column included in the statistics),
 * `vec4` when w % 8 == 0. Overrides WG, LANES (as instanceNorm; lanes split the pooled rows), RELU
 * (default on). Grid: grid1d(ceil(planes / (WG / LANES))). Bindings: x, weight [c], bias [c],
 * y [planes, outH, outW], mean [planes], rstd [planes].
 */
export const instanceNormPool = pooledSpecs('instance-norm-pool', `${code}\n${io}\n${stats}`, {
  bindings: ['read', 'read', 'read', 'read_write', 'read_write', 'read_write', 'uniform'],
  uniforms: INSTANCE_NORM_POOL_UNIFORMS,
  workgroupSize: [64, 1, 1],
});

/**
 * Its fused first-order backward from the pooled gradient and the forward's mean and rstd (elements,
 * overrides and grid as instanceNormPool). Bindings: x, dy [planes, outH, outW], weight, bias, mean,
 * rstd, dx [planes, h, w], dweight and dbias partials [planes].
 */
export const instanceNormPoolGrad = pooledSpecs('instance-norm-pool-grad', `${gradCode}\n${gradIo}`, {
  bindings: ['read', 'read', 'read', 'read', 'read', 'read', 'read_write', 'read_write', 'read_write', 'uniform'],
  uniforms: INSTANCE_NORM_POOL_UNIFORMS,
  workgroupSize: [64, 1, 1],
});
