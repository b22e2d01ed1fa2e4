// @pad-gpu/kernels: WGSL sources with typed specs and the pipeline cache. Knows nothing of tensors.
export * from './spec.js';
export * from './pipeline-cache.js';
export { fill } from './wgsl/fill.js';
export { unary, UNARY_OPS } from './wgsl/unary.js';
export { binary, BINARY_OPS, BINARY_MODE, MAX_RANK } from './wgsl/binary.js';
