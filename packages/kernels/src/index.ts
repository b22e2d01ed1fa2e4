// @pad-gpu/kernels: WGSL sources with typed specs and the pipeline cache. Knows nothing of tensors.
export * from './spec.js';
export * from './pipeline-cache.js';
export { fill } from './wgsl/fill.js';
export { UNARY_OPS, BINARY_OPS } from './wgsl/op-codes.js';
export { sgdStep } from './wgsl/sgd-step.js';
export { el2n } from './wgsl/el2n.js';
export { matchLossPartial, matchLossFinish, MATCH_LOSS_CHUNK } from './wgsl/match-loss.js';
export { copyStrided, STRIDED_MAX_RANK, STRIDED_ITEMS, stridedDimFields } from './wgsl/copy-strided.js';
export { where } from './wgsl/where.js';
export { gatherRows } from './wgsl/gather-rows.js';
export { indexAddPlan } from './wgsl/index-add-plan.js';
export { indexAddRows } from './wgsl/index-add-rows.js';
export { cast, CAST_DTYPES } from './wgsl/cast.js';
export { random } from './wgsl/random.js';
export { avgPool2d } from './wgsl/avg-pool2d.js';
export { avgPool2dGrad } from './wgsl/avg-pool2d-grad.js';
export { avgPool2x2, avgPool2x2Grad } from './wgsl/avg-pool2x2.js';
export { instanceNorm } from './wgsl/instance-norm.js';
export { instanceNormGrad } from './wgsl/instance-norm-grad.js';
export { instanceNormPool, instanceNormPoolGrad, INSTANCE_NORM_POOL_UNIFORMS } from './wgsl/instance-norm-pool.js';
export { reduceRows, REDUCE_OPS } from './wgsl/reduce-rows.js';
export { reduceCols } from './wgsl/reduce-cols.js';
export { tiledGemmSpec, type GemmTile } from './wgsl/matmul-tile.js';
export { matmulSpec } from './wgsl/matmul.js';
export { binaryStrided } from './wgsl/binary-strided.js';
export { binaryRows, ROWS_COPY, ROWS_MODE } from './wgsl/binary-rows.js';
export { convLayout } from './wgsl/conv-layout.js';
export { conv2dSpec, conv2dInputGradSpec, conv2dWeightGradSpec } from './wgsl/conv2d.js';
export { unaryVec4 } from './wgsl/unary-vec4.js';
export { binaryVec4, BINARY_VEC4_MODE } from './wgsl/binary-vec4.js';
export { convCol2im } from './wgsl/conv-col2im.js';
export { normalizePlanes, NORMALIZE_PLANES_UNIFORMS, type NormalizePlanesKernel } from './wgsl/normalize-planes.js';
export { normalizePlanesBackward } from './wgsl/normalize-planes-backward.js';
export { normalizePlanesGradX } from './wgsl/normalize-planes-grad-x.js';
export {
  conv2dSmallPad, conv2dSmallSpec, conv2dSmallWeightGradSpec, conv2dSmallInputGradSpec, convSmallWindowVec4s,
  convSmallInputGradWindowVec4s, type ConvSmallGeometry, type ConvSmallForwardVariant,
  type ConvSmallWeightGradVariant, type ConvSmallInputGradVariant,
} from './wgsl/conv2d-small.js';
