// Every model against the PyTorch versions in scripts/reference/ref_models.py (written to the MTT/DATM/PAD
// networks.py semantics): parameter names, shapes and order, parameter counts, and logits for the same
// flat initialisation (pad-gpu's counter-based init rebuilt in numpy) on the same input.
// Regenerate with: /usr/bin/python3 scripts/reference/model_golden.py > scripts/reference/golden/models.json
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpuBackend, randomUniform } from '../src/index.js';
import { createModel, MODEL_NAMES } from '../src/nn/models/index.js';

interface Golden {
  counts: Record<string, number>;
  params: Record<string, string>;
  logits: Record<string, number[]>;
}
const golden: Golden = JSON.parse(readFileSync(new URL('../../../scripts/reference/golden/models.json', import.meta.url), 'utf8'));
const geometry = (key: string) => {
  const [name, g] = key.split('/');
  const [c, s] = g.split('x').map(Number);
  return { name, input: { channels: c, height: s, width: s, numClasses: 10 } };
};

describe('models match the PyTorch reference', () => {
  it('parameter counts, including the issue\'s ConvNet-3 figures', () => {
    expect(golden.counts['convnet/1x28']).toBe(317_706);
    expect(golden.counts['convnet/3x32']).toBe(320_010);
    for (const [key, count] of Object.entries(golden.counts)) {
      const { name, input } = geometry(key);
      expect(createModel(name, input).numParams, key).toBe(count);
    }
  });

  it('parameter names, shapes and order (named_parameters)', () => {
    for (const [name, expected] of Object.entries(golden.params)) {
      const m = createModel(name, { channels: 3, height: 32, width: 32, numClasses: 10 });
      expect(m.params.map((p) => `${p.name}:${p.shape.join('x')}`).join(' '), name).toBe(expected);
    }
    const conv = createModel('convnet', { channels: 1, height: 28, width: 28, numClasses: 10 });
    expect(conv.params.map((p) => p.name)).toEqual([
      'features.0.weight', 'features.0.bias', 'features.1.weight', 'features.1.bias',
      'features.4.weight', 'features.4.bias', 'features.5.weight', 'features.5.bias',
      'features.8.weight', 'features.8.bias', 'features.9.weight', 'features.9.bias',
      'classifier.weight', 'classifier.bias',
    ]);
    expect(conv.params[12].shape).toEqual([10, 2048]);
  });

  // float64 here against float64 PyTorch: differences are rounding of the 7-digit golden values.
  it('logits for the same initialisation and input (atol 2e-6)', async () => {
    const be = cpuBackend();
    for (const [key, expected] of Object.entries(golden.logits)) {
      const { name, input } = geometry(key);
      const m = createModel(name, { ...input, netWidth: 16 });
      const n = expected.length / 10;
      const x = randomUniform([n, input.channels, input.height, input.width], { seed: 7, backend: be, low: -1, high: 1 });
      const flat = m.init(1, be);
      const y = m.forward(flat, x, { train: true });
      const got = await y.toArray();
      got.forEach((v, i) => expect(Math.abs(v - expected[i]), `${key}[${i}] = ${v}, PyTorch ${expected[i]}`).toBeLessThan(2e-6));
      for (const t of [x, flat, y]) t.dispose();
    }
  });

  it('createModel names the valid models when given an unknown one', () => {
    expect(() => createModel('resnet50', { channels: 3, height: 32, width: 32, numClasses: 10 })).toThrow(/unknown model 'resnet50'; valid names: convnet, .*resnet18.*mlp/);
    expect(MODEL_NAMES).toContain('convnetbn');
    expect(createModel('ConvNet-BN', { channels: 1, height: 28, width: 28, numClasses: 10 }).name).toBe('convnet-bn-d3-w128');
    expect(() => createModel('convnet', { channels: 0, height: 28, width: 28, numClasses: 10 })).toThrow(/channels must be a positive integer/);
  });
});
