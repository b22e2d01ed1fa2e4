import { describe, expect, it } from 'vitest';
import { type KernelSpec, grid1d, packUniforms } from '../src/index.js';

const spec: KernelSpec = {
  name: 'demo',
  code: '',
  bindings: ['read', 'uniform'],
  uniforms: [['n', 'u32'], ['scale', 'f32'], ['offset', 'i32'], ['m', 'u32'], ['k', 'u32']],
  workgroupSize: [64, 1, 1],
};

describe('packUniforms', () => {
  it('packs scalars in declaration order and pads the struct to 16 bytes', () => {
    const buf = packUniforms(spec, { n: 7, scale: 0.3, offset: -5, m: 4_000_000_000, k: 1 });
    expect(buf.byteLength).toBe(32);
    const v = new DataView(buf);
    expect(v.getUint32(0, true)).toBe(7);
    expect(v.getFloat32(4, true)).toBeCloseTo(0.3, 7);
    expect(v.getInt32(8, true)).toBe(-5);
    expect(v.getUint32(12, true)).toBe(4_000_000_000);
    expect(v.getUint32(16, true)).toBe(1);
  });

  it('names the kernel and the field when a value is missing or not a u32', () => {
    expect(() => packUniforms(spec, { n: 1, scale: 1, offset: 0, m: 2 })).toThrow(/kernel demo: uniform 'k' is missing/);
    expect(() => packUniforms(spec, { n: -1, scale: 1, offset: 0, m: 2, k: 1 })).toThrow(/uniform 'n' = -1 is not a u32/);
    expect(() => packUniforms(spec, { n: 1.5, scale: 1, offset: 0, m: 2, k: 1 })).toThrow(/'n' = 1.5/);
  });
});

describe('grid1d', () => {
  it('keeps small grids one-dimensional', () => {
    expect(grid1d(1)).toEqual([1, 1, 1]);
    expect(grid1d(65535)).toEqual([65535, 1, 1]);
    expect(grid1d(0)).toEqual([1, 1, 1]);
  });

  it('spills past 65,535 workgroups into y and covers every workgroup', () => {
    for (const total of [65536, 100_003, 4_000_000]) {
      const [x, y] = grid1d(total);
      expect(x).toBeLessThanOrEqual(65535);
      expect(x * y).toBeGreaterThanOrEqual(total);
      expect(x * (y - 1)).toBeLessThan(total);
    }
  });
});
