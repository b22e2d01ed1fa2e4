import code from './normalize-planes-grad-x.wgsl';
import { normalizePlanesKernel } from './normalize-planes.js';

/**
 * Gradient in x of <a, normalizePlanesBackward(x, g)> (the normalisation's second-order term);
 * variants, overrides and dispatch as normalizePlanes. Bindings: x, g, a, gx.
 */
export const normalizePlanesGradX = normalizePlanesKernel('normalize-planes-grad-x', code, ['read', 'read', 'read', 'read_write', 'uniform']);
