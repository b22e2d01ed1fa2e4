/** The augmentation families of DSA ("differentiable siamese augmentation", Zhao & Bilen 2021). */
export type DsaFamily = 'color' | 'crop' | 'cutout' | 'flip' | 'scale' | 'rotate';

export const DSA_FAMILIES: readonly DsaFamily[] = ['color', 'crop', 'cutout', 'flip', 'scale', 'rotate'];

/** The reference's ParamDiffAug values, which MTT, DATM and PAD all use unchanged. */
export interface DsaParams {
  /** Flip probability per sample. */
  probFlip: number;
  /** Scale factors per axis are drawn from U[1/ratio, ratio]. */
  ratioScale: number;
  /** Rotation angle in degrees is drawn from U[-ratio, ratio]. */
  ratioRotate: number;
  /** Crop translation up to round(size * ratio) pixels each way, zero fill. */
  ratioCropPad: number;
  /** Cutout square side = round(size * ratio). */
  ratioCutout: number;
  /** x + (U - 0.5) * brightness. */
  brightness: number;
  /** (x - channel mean) * U * saturation + channel mean. */
  saturation: number;
  /** (x - image mean) * (U + contrast) + image mean. */
  contrast: number;
}

export const DEFAULT_DSA_PARAMS: Readonly<DsaParams> = {
  probFlip: 0.5,
  ratioScale: 1.2,
  ratioRotate: 15,
  ratioCropPad: 0.125,
  ratioCutout: 0.5,
  brightness: 1.0,
  saturation: 2.0,
  contrast: 0.5,
};

/** The papers' strategy string. */
export const DEFAULT_STRATEGY = 'color_crop_cutout_flip_scale_rotate';

/** Parses 'color_crop_...' (the reference's '_'-joined form) or a list; 'none' gives no families. */
export function parseStrategy(strategy: string | readonly DsaFamily[]): DsaFamily[] {
  const parts = typeof strategy === 'string' ? (strategy === '' || strategy.toLowerCase() === 'none' ? [] : strategy.split('_')) : [...strategy];
  for (const p of parts) {
    if (!DSA_FAMILIES.includes(p as DsaFamily)) throw new Error(`unknown DSA family '${p}'; valid: ${DSA_FAMILIES.join(', ')}`);
  }
  return parts as DsaFamily[];
}

/** The strategy for a dataset: digits (MNIST, Fashion-MNIST...) are not mirror-symmetric, so no flip. */
export function strategyFor(opts: { flip: boolean }): DsaFamily[] {
  return parseStrategy(DEFAULT_STRATEGY).filter((f) => opts.flip || f !== 'flip');
}

/** Datasets of handwritten or printed digits and characters, which a mirror image would change. */
const DIGIT_DATASETS = /^(mnist|emnist|kmnist|usps|svhn)$/i;

/** The papers' strategy for a dataset name, without flip for digit datasets. */
export function strategyForDataset(dataset: string): DsaFamily[] {
  return strategyFor({ flip: !DIGIT_DATASETS.test(dataset.replace(/[-_]/g, '')) });
}
