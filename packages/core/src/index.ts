// @pad-gpu/core: browser-safe entry (no Node-only imports on this path; see node.ts for file access).
export type { Backend, DType, TensorData, UnaryOp, BinaryOp, ReduceOp, Conv2dParams, Pool2dParams, MatmulParams, InstanceNormParams } from './backend/backend.js';
export { getBackend, setBackend, withBackend } from './backend/registry.js';
export { CpuBackend, cpuBackend } from './backend/cpu/cpu-backend.js';
export { WebGpuBackend, webgpuBackend } from './backend/webgpu/webgpu-backend.js';

export { GpuContext, GpuError, createGpuContext, type DeviceOptions } from './device/device.js';
export { listAdapters, selectAdapter, type AdapterChoice } from './device/select-adapter.js';
export { type AdapterDescription, adapterLabel } from './device/adapter-info.js';
export type { BackendName } from './device/gpu-provider.js';

export { Tensor, liveTensorHandles } from './tensor/tensor.js';
export { Storage, liveStorageStats } from './tensor/storage.js';
export { tidy, keep } from './tensor/scope.js';
export type { Shape } from './tensor/shape.js';

export { grad, type GradOptions } from './autograd/grad.js';
export { noGrad, isGradEnabled } from './autograd/grad-mode.js';
export { requiresGrad } from './autograd/record.js';

export * from './ops/creation.js';
export * from './ops/arithmetic.js';
export * from './ops/unary.js';
export { sum, mean, max, min, sumTo, argmax } from './ops/reduce.js';
export * from './ops/shape-ops.js';
export { indexSelect, indexAdd } from './ops/gather.js';
export { assemble } from './ops/assemble.js';
export { hostIndexAddPlan } from './ops/index-plan.js';
export { matmul } from './ops/matmul.js';
export { conv2d, convTranspose2d, conv2dRaw, convTranspose2dRaw, conv2dWeightGrad, convParams, type Conv2dOptions } from './ops/conv.js';
export { avgPool2d, avgPool2dRaw, avgPool2dBackward, type Pool2dOptions } from './ops/pool.js';
export { instanceNorm2d, instanceNormRelu2d, instanceNormReluPool2d } from './ops/norm.js';
export { cast } from './ops/cast.js';
export { randomUniform, randomNormal, randint, randperm, randpermArray, type RandomOptions } from './ops/random.js';
export * as random from './random/counter-hash.js';

export * from './nn/functional/loss.js';
export * from './nn/functional/norm.js';
export * from './nn/functional/linear.js';

export * from './nn/models/index.js';
export * from './nn/augment/index.js';
export * from './train/index.js';
export * from './data/index.js';
export * from './io/index.js';
export * from './distill/index.js';
export type { NormalizePlanesParams } from './backend/backend.js';
export { instanceNormalize, instanceNormalizeBackward, instanceNormalizeBackwardGradX } from './ops/normalize.js';
