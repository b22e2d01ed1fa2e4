import type { InstanceNormParams } from './backend.js';

// Shared by both backends' pooled instance norm (cpu/norm.ts, webgpu/norm.ts).

/** The plane's h x w and the pooled outH x outW of a pooled instance norm. */
export function instanceNormPoolDims(p: InstanceNormParams): { h: number; w: number; outH: number; outW: number } {
  const w = p.width ?? 0;
  if (!(w > 0) || p.hw % w !== 0) throw new Error(`instanceNorm pool: width ${p.width} does not divide planes of ${p.hw} values`);
  const h = p.hw / w;
  return { h, w, outH: Math.floor(h / 2), outW: Math.floor(w / 2) };
}
