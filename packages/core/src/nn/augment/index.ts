export { diffAugment, applyAugmentation, type DsaOptions } from './dsa.js';
export { drawAugmentation, type AugmentationDraw } from './draw.js';
export { DEFAULT_DSA_PARAMS, DEFAULT_STRATEGY, DSA_FAMILIES, parseStrategy, strategyFor, strategyForDataset, type DsaFamily, type DsaParams } from './params.js';
export { affineTaps, cropTaps, flipTaps, cutoutMask, type Taps } from './taps.js';
export { applyTaps } from './apply-taps.js';
