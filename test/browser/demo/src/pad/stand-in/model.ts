/**
 * The network PAD distills for: the core's ConvNet (depth x [conv3x3 -> instance norm -> ReLU ->
 * avgpool 2], linear) on one flat parameter vector, shallow layers first, so the embedding filter
 * masks a prefix of it.
 */
import { convNet, type FunctionalModel } from '@pad-gpu/core';

export type PadModel = FunctionalModel;

export function padConvNet(c: number, h: number, w: number, classes: number, width: number, depth: number): PadModel {
  return convNet({ channels: c, height: h, width: w }, classes, { width, depth, norm: 'instancenorm' });
}
