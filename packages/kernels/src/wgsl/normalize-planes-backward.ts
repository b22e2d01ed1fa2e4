import code from './normalize-planes-backward.wgsl';
import { normalizePlanesKernel } from './normalize-planes.js';

/**
 * Backward of normalizePlanes, dx = r · (g - mean(g) - xhat · mean(g · xhat)), statistics recomputed
 * from x; variants, overrides and dispatch as normalizePlanes. Bindings: x, g, dx.
 */
export const normalizePlanesBackward = normalizePlanesKernel('normalize-planes-backward', code, ['read', 'read', 'read_write', 'uniform']);
