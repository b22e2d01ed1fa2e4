import {
  balancedSubset, createModel, datasetInfo, evaluateAccuracy, loadDataset, MODEL_NAMES, preprocessPair, saveSafetensors,
  adapterLabel, strategyForDataset, tensor, trainModel, webgpuBackend, type ImageDataset, type WebGpuBackend,
} from '@pad-gpu/core/node';
import { UsageError } from '../args.js';
import { defineCommand } from '../command.js';
import { deviceFlags, deviceOptions } from '../device-flags.js';
import { Progress } from '../progress.js';

/** Uploads a dataset's images [n, C, H, W] and i32 labels once; training gathers minibatches on the device. */
function upload(ds: ImageDataset, be: WebGpuBackend) {
  return {
    images: tensor(ds.images, [ds.n, ds.channels, ds.height, ds.width], { backend: be }),
    labels: tensor(ds.labels, [ds.n], { dtype: 'i32', backend: be }),
  };
}

export default defineCommand({
  name: 'train',
  summary: 'train a network on a whole dataset (a baseline) and report its test accuracy',
  description:
    'Trains a freshly initialised network on the training split (or a class-balanced --subset of it) with SGD ' +
    '(momentum, weight decay, optional DSA augmentation), showing loss, accuracy, images/s and ETA, then prints ' +
    'the test accuracy. Data is preprocessed as the reference does (mean/std for digits, ZCA for CIFAR/Tiny).',
  flags: {
    dataset: { type: 'string', default: 'fashion-mnist', placeholder: 'name', description: 'fashion-mnist, mnist, cifar10, cifar100 or tiny-imagenet' },
    dataDir: { type: 'string', placeholder: 'dir', description: "the dataset's folder (default $PAD_GPU_DATA/<name>, then the system location)" },
    model: { type: 'string', default: 'convnet', placeholder: 'name', description: `network: ${MODEL_NAMES.join(', ')}` },
    width: { type: 'number', integer: true, min: 1, description: 'ConvNet channels per layer (default 128)' },
    depth: { type: 'number', integer: true, min: 1, description: 'ConvNet depth (default 3)' },
    epochs: { type: 'number', integer: true, min: 1, default: 5, description: 'passes over the training data' },
    lr: { type: 'number', min: 0, default: 0.01, description: 'learning rate' },
    momentum: { type: 'number', min: 0, default: 0.9, description: 'SGD momentum' },
    weightDecay: { type: 'number', min: 0, default: 5e-4, description: 'SGD weight decay' },
    batch: { type: 'number', integer: true, min: 1, default: 256, description: 'minibatch size' },
    subset: { type: 'number', integer: true, min: 1, description: 'train on a class-balanced subset of this many images' },
    dsa: { type: 'boolean', description: 'augment minibatches with DSA (no flip for digit datasets)' },
    seed: { type: 'number', integer: true, default: 0, description: 'seeds initialisation, shuffling, subset and augmentation' },
    out: { type: 'string', placeholder: 'file', description: 'save the trained flat parameters as safetensors' },
    json: { type: 'boolean', description: 'print the result as one JSON object' },
    ...deviceFlags,
  },
  examples: ['train', 'train --subset 2000 --epochs 5 --width 32', 'train --dataset mnist --model lenet --epochs 2', 'train --out convnet.safetensors'],
  async run({ flags }, io) {
    if (!MODEL_NAMES.includes(flags.model.toLowerCase().replace(/[-_]/g, ''))) throw new UsageError(`--model must be one of ${MODEL_NAMES.join(', ')}; got '${flags.model}'`);
    const info = datasetInfo(flags.dataset);
    const [rawTrain, rawTest] = await Promise.all([
      loadDataset(info.id, { split: 'train', dir: flags.dataDir }),
      loadDataset(info.id, { split: 'test', dir: flags.dataDir }),
    ]);
    const { train: fullTrain, test } = preprocessPair(info.id, rawTrain, rawTest);
    const train = flags.subset !== undefined && flags.subset < fullTrain.n ? balancedSubset(fullTrain, { total: flags.subset }, flags.seed).dataset : fullTrain;
    const be = await webgpuBackend(deviceOptions(flags));
    try {
      const model = createModel(flags.model, {
        channels: train.channels, height: train.height, width: train.width, numClasses: train.numClasses, netWidth: flags.width, depth: flags.depth,
      });
      io.err(`${model.name}: ${model.numParams.toLocaleString('en-US')} parameters; ${info.id} ${train.n} training / ${test.n} test images; ${adapterLabel(be.ctx.description)}`);
      const trainSet = upload(train, be);
      const testSet = upload(test, be);
      const total = flags.epochs * train.n;
      const progress = new Progress({ label: 'train', total, unit: 'img', stream: io.progressStream });
      let last = {};
      const res = await trainModel(model, {
        ...trainSet, epochs: flags.epochs, lr: flags.lr, momentum: flags.momentum, weightDecay: flags.weightDecay, batch: flags.batch, seed: flags.seed,
        augment: flags.dsa ? { strategy: strategyForDataset(info.id) } : false,
        onProgress: (p) => {
          last = { epoch: `${p.epoch + 1}/${flags.epochs}`, loss: p.loss, acc: p.accuracy };
          // The last report is drawn once, by finish().
          if (p.step < p.totalSteps) progress.update(Math.round((p.step / p.totalSteps) * total), last);
        },
      });
      progress.done = total;
      progress.finish(last);
      const accuracy = await evaluateAccuracy(model, res.params, testSet.images, testSet.labels, { state: res.state });
      if (flags.out) {
        await saveSafetensors(flags.out, { params: { dtype: 'F32', shape: [model.numParams], data: Float32Array.from(await res.params.data()) } }, {
          format: 'pad-gpu/params-v1', model: model.name, params: JSON.stringify(model.params), dataset: info.id,
        });
      }
      const result = {
        dataset: info.id, model: model.name, numParams: model.numParams, trainImages: train.n, testImages: test.n, epochs: flags.epochs,
        testAccuracy: accuracy, finalLoss: res.losses.at(-1) ?? null, imagesPerSecond: res.imagesPerSecond, ...(flags.out ? { out: flags.out } : {}),
      };
      io.out(flags.json ? JSON.stringify(result, null, 2) : `test accuracy ${(accuracy * 100).toFixed(2)}% (${model.name}, ${train.n} training images, ${flags.epochs} epochs, ${Math.round(res.imagesPerSecond)} img/s)`);
      return 0;
    } finally {
      be.ctx.destroy();
    }
  },
});
