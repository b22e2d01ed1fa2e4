import { mul } from '../../ops/arithmetic.js';
import { tensor } from '../../ops/creation.js';
import { tidy } from '../../tensor/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import { applyTaps } from './apply-taps.js';
import { applyColor } from './color.js';
import { type AugmentationDraw, drawAugmentation } from './draw.js';
import { DEFAULT_DSA_PARAMS, type DsaFamily, type DsaParams, parseStrategy, DEFAULT_STRATEGY } from './params.js';
import { affineTaps, cropTaps, cutoutMask, flipTaps } from './taps.js';

export interface DsaOptions {
  /** Families to choose from (default: all six, the papers' 'color_crop_cutout_flip_scale_rotate'). */
  strategy?: string | readonly DsaFamily[];
  params?: Partial<DsaParams>;
}

/** Applies a drawn augmentation to images [N, C, H, W]; differentiable in x to any order. */
export function applyAugmentation(x: Tensor, d: AugmentationDraw): Tensor {
  if (x.rank !== 4) throw new Error(`augment: expected images [N, C, H, W], got [${x.shape}]`);
  const [n, , h, w] = x.shape;
  const check = (len: number) => {
    if (len !== n) throw new Error(`augment: the draw has parameters for ${len} samples, the batch has ${n}`);
  };
  switch (d.family) {
    case 'none':
      return x.alias();
    case 'color':
      check(d.brightness.length);
      return applyColor(x, d.brightness, d.saturation, d.contrast);
    case 'crop':
      check(d.shiftH.length);
      return applyTaps(x, cropTaps(d.shiftH, d.shiftW, h, w));
    case 'flip':
      check(d.flip.length);
      return applyTaps(x, flipTaps(d.flip, h, w));
    case 'scale':
      check(d.scaleX.length);
      // theta = [[sx, 0], [0, sy]]: sx < 1 zooms in.
      return applyTaps(x, affineTaps(d.scaleX.map((sx, i) => [sx, 0, 0, d.scaleY[i]] as const), h, w));
    case 'rotate':
      check(d.radians.length);
      // theta = [[cos, -sin], [sin, cos]], as the reference builds it.
      return applyTaps(x, affineTaps(d.radians.map((r) => [Math.cos(r), -Math.sin(r), Math.sin(r), Math.cos(r)] as const), h, w));
    case 'cutout': {
      check(d.centerH.length);
      const mask = cutoutMask(d.centerH, d.centerW, d.sizeH, d.sizeW, h, w);
      return tidy(() => mul(x, tensor(mask, [n, 1, h, w], { backend: x.backend })));
    }
  }
}

/**
 * DiffAugment with the reference's single-family mode, reproducible from `seed`: the same seed on the
 * same batch shape gives the same augmentation, on every backend (PAD's reverse pass replays it).
 */
export function diffAugment(x: Tensor, seed: number, opts: DsaOptions = {}): Tensor {
  const strategy = parseStrategy(opts.strategy ?? DEFAULT_STRATEGY);
  const params = { ...DEFAULT_DSA_PARAMS, ...opts.params };
  const [n, , h, w] = x.shape;
  return applyAugmentation(x, drawAugmentation(seed, n, h, w, strategy, params));
}
