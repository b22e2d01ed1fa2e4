// The learning test: ConvNet-3 (width 32, instance norm) trained on the first 2,000 Fashion-MNIST
// training images for 3 epochs (SGD lr 0.01, momentum 0.9, weight decay 5e-4, batch 64, no augmentation),
// evaluated on the first 2,000 test images (all 10,000 would add ~30 s of forward passes on llvmpipe),
// on the WebGPU backend.
//
// PyTorch 1.13 on the same data and settings (scripts/reference/fmnist_small.py --seeds 3), first 2,000
// test images: default init, seeds 0-2: 0.7845 0.7990 0.7875 (mean 0.7903); pad-gpu's counter init (seed 0):
// 0.7840; all 10,000: 0.7830 0.7913 0.7855.
// With --epochs 5: 0.8085 0.7720 0.8220 0.8155 0.8100 on the first 2,000 (min 0.7720).
// The bar, 0.74, sits a few points under the worst PyTorch seed of either setting.
import { describe, expect, it } from 'vitest';
import { tensor, webgpuBackend } from '../src/index.js';
import { loadDataset } from '../src/data/node-datasets.js';
import { createModel } from '../src/nn/models/index.js';
import { evaluateAccuracy, trainModel } from '../src/train/index.js';

// The reference's Fashion-MNIST normalisation.
const MEAN = 0.2861;
const STD = 0.353;

describe('learning on Fashion-MNIST (webgpu)', () => {
  it('ConvNet-3 w32 on 2,000 images, 3 epochs: test accuracy >= 0.74', async () => {
    const be = await webgpuBackend();
    // $PAD_GPU_DATA/fashion-mnist or Debian's dataset-fashion-mnist.
    const [train, test] = await Promise.all([loadDataset('fashion-mnist', { split: 'train' }), loadDataset('fashion-mnist', { split: 'test' })]);
    const norm = (v: Float32Array) => v.map((p) => (p - MEAN) / STD);
    const n = 2000;
    const images = tensor(norm(train.images.subarray(0, n * 784)), [n, 1, 28, 28], { backend: be });
    const labels = tensor(train.labels.subarray(0, n), [n], { dtype: 'i32', backend: be });
    const m = 2000;
    const testImages = tensor(norm(test.images.subarray(0, m * 784)), [m, 1, 28, 28], { backend: be });
    const testLabels = tensor(test.labels.subarray(0, m), [m], { dtype: 'i32', backend: be });
    const model = createModel('convnet', { channels: 1, height: 28, width: 28, numClasses: 10, netWidth: 32 });

    const t0 = performance.now();
    const res = await trainModel(model, { images, labels, epochs: 3, lr: 0.01, momentum: 0.9, weightDecay: 5e-4, batch: 64, seed: 0, reportEvery: 32 });
    const trainMs = performance.now() - t0;
    const acc = await evaluateAccuracy(model, res.params, testImages, testLabels, { batch: 500 });
    const evalMs = performance.now() - t0 - trainMs;
    console.log(`train ${(trainMs / 1000).toFixed(1)} s (${res.imagesPerSecond.toFixed(0)} img/s), eval ${(evalMs / 1000).toFixed(1)} s, test accuracy ${acc.toFixed(4)}, losses ${res.losses.map((l) => l.toFixed(3)).join(' ')}`);
    expect(res.losses.at(-1)!).toBeLessThan(res.losses[0]);
    expect(acc).toBeGreaterThanOrEqual(0.74);
  }, 180_000); // measured 48 s (train 40 s at 148 img/s incl. first pipeline compiles, eval 6 s) on a loaded 2-core llvmpipe
});
