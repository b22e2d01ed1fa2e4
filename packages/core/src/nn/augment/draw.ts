import { streamKey, uniformAt } from '../../random/counter-hash.js';
import type { DsaFamily, DsaParams } from './params.js';

/**
 * One call's random choices: the family and every sample's parameters. Plain numbers, so a draw can be
 * logged, replayed (PAD's reverse pass rebuilds step i's graph from its seed) or written by hand in tests.
 */
export type AugmentationDraw =
  | { family: 'color'; brightness: number[]; saturation: number[]; contrast: number[] }
  | { family: 'crop'; shiftH: number[]; shiftW: number[] }
  | { family: 'cutout'; centerH: number[]; centerW: number[]; sizeH: number; sizeW: number }
  | { family: 'flip'; flip: boolean[] }
  | { family: 'scale'; scaleX: number[]; scaleY: number[] }
  | { family: 'rotate'; radians: number[] }
  | { family: 'none' };

/** Reference-style rounding: int(size * ratio + 0.5). */
const roundUp = (v: number) => Math.floor(v + 0.5);

/**
 * Draws one augmentation from `seed` with the reference's 'S' mode: a single family per call, chosen
 * uniformly among `strategy`, then per-sample parameters (the reference's seed = -1 path, which MTT,
 * DATM and PAD use everywhere: every image gets its own parameters). Counter 0 picks the family;
 * sample i's k-th number uses counter 1 + 4i + k.
 */
export function drawAugmentation(seed: number, n: number, height: number, width: number, strategy: readonly DsaFamily[], p: DsaParams): AugmentationDraw {
  if (strategy.length === 0) return { family: 'none' };
  const key = streamKey(seed);
  const u = (i: number, k: number) => uniformAt(key, 1 + 4 * i + k);
  const each = <T>(k: number, f: (v: number) => T): T[] => Array.from({ length: n }, (_, i) => f(u(i, k)));
  /** torch.randint(low, high): integers in [low, high). */
  const randint = (k: number, low: number, high: number) => each(k, (v) => low + Math.floor(v * (high - low)));
  const family = strategy[Math.min(strategy.length - 1, Math.floor(uniformAt(key, 0) * strategy.length))];
  switch (family) {
    case 'color':
      return {
        family,
        brightness: each(0, (v) => (v - 0.5) * p.brightness),
        saturation: each(1, (v) => v * p.saturation),
        contrast: each(2, (v) => v + p.contrast),
      };
    case 'crop': {
      const sh = roundUp(height * p.ratioCropPad);
      const sw = roundUp(width * p.ratioCropPad);
      return { family, shiftH: randint(0, -sh, sh + 1), shiftW: randint(1, -sw, sw + 1) };
    }
    case 'cutout': {
      const sizeH = roundUp(height * p.ratioCutout);
      const sizeW = roundUp(width * p.ratioCutout);
      // The reference draws the centre from [0, size + (1 - cut % 2)).
      return { family, centerH: randint(0, 0, height + (1 - (sizeH % 2))), centerW: randint(1, 0, width + (1 - (sizeW % 2))), sizeH, sizeW };
    }
    case 'flip':
      return { family, flip: each(0, (v) => v < p.probFlip) };
    case 'scale': {
      const r = p.ratioScale;
      return { family, scaleX: each(0, (v) => v * (r - 1 / r) + 1 / r), scaleY: each(1, (v) => v * (r - 1 / r) + 1 / r) };
    }
    case 'rotate':
      return { family, radians: each(0, (v) => (((v - 0.5) * 2 * p.ratioRotate) / 180) * Math.PI) };
  }
}
