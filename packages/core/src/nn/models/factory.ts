import type { InputShape } from './functional-model.js';
import type { FunctionalModel } from './functional-model.js';
import { alexNet } from './alexnet.js';
import { convNet } from './convnet.js';
import type { NormKind } from './layers.js';
import { leNet } from './lenet.js';
import { mlp } from './mlp.js';
import { resNet18 } from './resnet.js';
import { vgg11 } from './vgg.js';

export interface CreateModelOptions extends InputShape {
  numClasses: number;
  /** ConvNet channels per layer (default 128). Named netWidth because `width` is the image width. */
  netWidth?: number;
  /** ConvNet depth (default 3). */
  depth?: number;
  /** ConvNet norm; overrides the one implied by the name (convnet = instancenorm, convnetbn = batchnorm). */
  norm?: NormKind;
}

type Builder = (o: CreateModelOptions) => FunctionalModel;

const conv = (norm: NormKind): Builder => (o) => convNet(o, o.numClasses, { width: o.netWidth, depth: o.depth, norm: o.norm ?? norm });

/** The reference's get_network names (lower case, '-' and '_' ignored) and what they build. */
const MODELS: Record<string, Builder> = {
  convnet: conv('instancenorm'),
  convnetin: conv('instancenorm'),
  convnetbn: conv('batchnorm'),
  convnetnn: conv('none'),
  resnet18: (o) => resNet18(o, o.numClasses),
  resnet18bn: (o) => resNet18(o, o.numClasses, { norm: 'batchnorm' }),
  resnet18ap: (o) => resNet18(o, o.numClasses, { avgPoolDownsample: true }),
  resnet18bnap: (o) => resNet18(o, o.numClasses, { norm: 'batchnorm', avgPoolDownsample: true }),
  vgg11: (o) => vgg11(o, o.numClasses),
  vgg11bn: (o) => vgg11(o, o.numClasses, { norm: 'batchnorm' }),
  alexnet: (o) => alexNet(o, o.numClasses),
  lenet: (o) => leNet(o, o.numClasses),
  mlp: (o) => mlp(o, o.numClasses),
};

/** Every accepted model name, in canonical spelling. */
export const MODEL_NAMES: readonly string[] = Object.keys(MODELS);

/** Builds a model by name ('convnet', 'convnet-bn', 'resnet18', 'ResNet18BN', 'vgg11', ...). */
export function createModel(name: string, opts: CreateModelOptions): FunctionalModel {
  const key = name.toLowerCase().replace(/[-_]/g, '');
  const build = MODELS[key];
  if (!build) throw new Error(`unknown model '${name}'; valid names: ${MODEL_NAMES.join(', ')}`);
  for (const k of ['channels', 'height', 'width', 'numClasses'] as const) {
    if (!Number.isInteger(opts[k]) || opts[k] < 1) throw new Error(`createModel('${name}'): ${k} must be a positive integer, got ${opts[k]}`);
  }
  return build(opts);
}
