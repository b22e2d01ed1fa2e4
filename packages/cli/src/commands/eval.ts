import {
  adapterLabel, datasetInfo, evaluateSynset, loadDataset, loadSafetensors, MODEL_NAMES, preprocessPair, strategyForDataset, tensor,
  webgpuBackend, type ChannelStats, type SafeTensor,
} from '@pad-gpu/core/node';
import { UsageError } from '../args.js';
import { defineCommand } from '../command.js';
import { deviceFlags, deviceOptions } from '../device-flags.js';
import { Progress } from '../progress.js';

/** What a distilled file says about itself (pad-gpu/distilled-v1 metadata), all optional. */
interface DistilledMeta {
  dataset?: string;
  preprocessing?: { kind: string; stats?: ChannelStats };
  model?: string;
  width?: number;
  depth?: number;
}

function readMeta(file: string, metadata: Record<string, string>): DistilledMeta {
  const parse = (k: string): Record<string, any> => {
    if (metadata[k] === undefined) return {};
    try {
      return JSON.parse(metadata[k]);
    } catch {
      throw new Error(`${file}: metadata '${k}' is not valid JSON`);
    }
  };
  const prov = parse('provenance');
  const preset = parse('config').preset ?? {};
  return { dataset: prov.dataset ?? preset.dataset ?? metadata.dataset, preprocessing: prov.preprocessing, model: preset.model, width: preset.width, depth: preset.depth };
}

function need(file: string, tensors: Record<string, SafeTensor>, name: string): SafeTensor {
  const t = tensors[name];
  if (!t) throw new Error(`${file}: no '${name}' tensor (a distilled set has images [N,C,H,W], labels [N,K] or [N], lr [1])`);
  return t;
}

export default defineCommand({
  name: 'eval',
  summary: 'evaluate a distilled set: train fresh networks on it and report test accuracy (mean ± std)',
  description:
    "The papers' protocol: R times, train a freshly initialised network on the distilled images with the " +
    'learned learning rate (SGD momentum 0.9, weight decay 5e-4, batch 256, DSA, lr x0.1 at half the epochs), ' +
    'then measure test accuracy. --model evaluates across architectures. The dataset and its preprocessing come ' +
    "from the file's metadata unless given.",
  positionals: [{ name: 'distilled.safetensors', description: 'images [N,C,H,W] f32, labels [N,K] f32 logits or [N] i32, lr [1] f32' }],
  flags: {
    model: { type: 'string', placeholder: 'name', description: `network (default the one it was distilled with, else convnet): ${MODEL_NAMES.join(', ')}` },
    width: { type: 'number', integer: true, min: 1, description: 'ConvNet width (default from the file, else 128)' },
    depth: { type: 'number', integer: true, min: 1, description: 'ConvNet depth (default from the file, else 3)' },
    epochs: { type: 'number', integer: true, min: 1, default: 1000, description: 'training epochs per run' },
    runs: { type: 'number', integer: true, min: 1, default: 5, description: 'independent runs' },
    lr: { type: 'number', min: 0, description: "learning rate (default: the file's learned lr)" },
    batch: { type: 'number', integer: true, min: 1, default: 256, description: 'minibatch size' },
    noDsa: { type: 'boolean', description: 'train without DSA augmentation (the protocol uses it)' },
    dataset: { type: 'string', placeholder: 'name', description: "test dataset (default from the file's metadata)" },
    dataDir: { type: 'string', placeholder: 'dir', description: "the dataset's folder" },
    seed: { type: 'number', integer: true, default: 0, description: 'seeds initialisations, shuffling and augmentation' },
    json: { type: 'boolean', description: 'print the result as one JSON object' },
    ...deviceFlags,
  },
  examples: ['eval out/distilled.safetensors', 'eval out/distilled.safetensors --model resnet18 --runs 3', 'eval d.safetensors --epochs 300 --json'],
  async run({ flags, positionals: [file] }, io) {
    const f = await loadSafetensors(file);
    const meta = readMeta(file, f.metadata);
    const img = need(file, f.tensors, 'images');
    const lab = need(file, f.tensors, 'labels');
    if (img.dtype !== 'F32' || img.shape.length !== 4) throw new Error(`${file}: images must be F32 [N,C,H,W], got ${img.dtype} [${img.shape}]`);
    const n = img.shape[0];
    const soft = lab.dtype === 'F32' && lab.shape.length === 2 && lab.shape[0] === n;
    const hard = (lab.dtype === 'I32' || lab.dtype === 'I64') && lab.shape.length === 1 && lab.shape[0] === n;
    if (!soft && !hard) throw new Error(`${file}: labels must be F32 [${n}, K] logits or I32 [${n}], got ${lab.dtype} [${lab.shape}]`);
    const lr = flags.lr ?? (f.tensors.lr ? Number(f.tensors.lr.data[0]) : undefined);
    if (lr === undefined || !(lr > 0)) throw new UsageError(`${file} has no positive 'lr' tensor; give --lr`);
    const datasetName = flags.dataset ?? meta.dataset;
    if (!datasetName) throw new UsageError(`${file} does not name its dataset; give --dataset`);
    const info = datasetInfo(datasetName);
    const modelName = flags.model ?? meta.model ?? 'convnet';
    if (!MODEL_NAMES.includes(modelName.toLowerCase().replace(/[-_]/g, ''))) throw new UsageError(`--model must be one of ${MODEL_NAMES.join(', ')}; got '${modelName}'`);

    // The test split is preprocessed as the distilled images were: the stored mean/std, or ZCA refitted on the training split.
    const zca = meta.preprocessing ? meta.preprocessing.kind === 'zca' : undefined;
    const [rawTrain, rawTest] = await Promise.all([
      zca === false ? Promise.resolve(null) : loadDataset(info.id, { split: 'train', dir: flags.dataDir }),
      loadDataset(info.id, { split: 'test', dir: flags.dataDir }),
    ]);
    const { test } = preprocessPair(info.id, rawTrain ?? rawTest, rawTest, { zca, stats: meta.preprocessing?.stats });
    const [, c, h, w] = img.shape;
    if (c !== test.channels || h !== test.height || w !== test.width) throw new Error(`${file}: images are ${c}x${h}x${w} but ${info.id} has ${test.channels}x${test.height}x${test.width}`);

    const be = await webgpuBackend(deviceOptions(flags));
    try {
      const images = tensor(img.data as Float32Array, [...img.shape], { backend: be });
      const labels = soft ? tensor(lab.data as Float32Array, [...lab.shape], { backend: be }) : tensor(Int32Array.from(lab.data as ArrayLike<number | bigint>, Number), [n], { dtype: 'i32', backend: be });
      const testImages = tensor(test.images, [test.n, test.channels, test.height, test.width], { backend: be });
      const testLabels = tensor(test.labels, [test.n], { dtype: 'i32', backend: be });
      io.err(`${file}: ${n} images (${soft ? 'soft' : 'hard'} labels), lr ${Number(lr.toPrecision(6))}; ${modelName}, ${flags.runs} runs x ${flags.epochs} epochs on ${adapterLabel(be.ctx.description)}`);
      const total = flags.runs * (flags.epochs + 1);
      const progress = new Progress({ label: 'eval', total, unit: 'epoch', stream: io.progressStream });
      const fields: Record<string, number> = {};
      const res = await evaluateSynset(images, labels, {
        testImages, testLabels, lr, epochs: flags.epochs, runs: flags.runs, batch: flags.batch, seed: flags.seed, numClasses: test.numClasses,
        model: modelName, modelOptions: { netWidth: flags.width ?? meta.width, depth: flags.depth ?? meta.depth },
        augment: flags.noDsa ? false : { strategy: strategyForDataset(info.id) },
        // The final state is drawn once, by finish().
        onEpoch: (run, epoch) => {
          const done = run * (flags.epochs + 1) + epoch + 1;
          if (done < total) progress.update(done, { run: `${run + 1}/${flags.runs}`, ...fields });
        },
        onProgress: (_run, p) => Object.assign(fields, { loss: p.loss }),
        onRunEnd: (run, acc) => progress.log(`run ${run + 1}: test accuracy ${(acc * 100).toFixed(2)}%`),
      });
      progress.done = total;
      progress.finish({ run: `${flags.runs}/${flags.runs}`, ...fields });
      const pct = (v: number) => (v * 100).toFixed(2);
      io.out(flags.json
        ? JSON.stringify({ file, dataset: info.id, model: res.model, images: n, lr, epochs: flags.epochs, runs: flags.runs, accuracies: res.accuracies, mean: res.mean, std: res.std }, null, 2)
        : `${res.model}: test accuracy ${pct(res.mean)} ± ${pct(res.std)}% over ${flags.runs} runs (${res.accuracies.map(pct).join(', ')})`);
      return 0;
    } finally {
      be.ctx.destroy();
    }
  },
});
