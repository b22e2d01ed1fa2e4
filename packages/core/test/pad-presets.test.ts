import { describe, expect, it } from 'vitest';
import { PRESETS, PRESET_NAMES, defaultPresetName, getPreset } from '../src/distill/presets.js';
import { checkDistillConfig } from '../src/distill/distill-loop.js';
import { checkSchedulerConfig } from '../src/distill/scheduler.js';

describe('presets', () => {
  it('the cpu preset has the sizes of issue 5 §4', () => {
    const p = getPreset('cpu');
    expect(p).toMatchObject({ dataset: 'fashion-mnist', subset: 10_000, testSubset: 0, width: 32, depth: 3, ipc: 1 });
    expect(p.el2n).toEqual({ models: 2, epochs: 2 });
    expect(p.experts).toMatchObject({ experts: 2, epochs: 6, initRatio: 0.75, addEndEpoch: 3, lr: 0.01, batch: 256 });
    expect(p.distill).toMatchObject({ iterations: 200, syntheticSteps: 20, expertEpochs: 2, minStartEpoch: 0, maxStartEpoch: 3, batchSyn: 0, lrImg: 100, lrLr: 1e-5, lrLabel: 2, threshold: 1 });
    expect(p.evaluation).toMatchObject({ epochs: 300, runs: 3 });
    expect(defaultPresetName(true)).toBe('cpu');
    expect(defaultPresetName(false)).toBe('fashion-mnist-ipc1');
  });

  it('covers Table 7 settings and the digit sets; every preset is consistent', () => {
    for (const name of ['cifar10-ipc1', 'cifar10-ipc10', 'cifar10-ipc50', 'cifar10-ipc500', 'cifar10-ipc1000', 'cifar100-ipc1', 'cifar100-ipc10', 'cifar100-ipc50', 'cifar100-ipc100', 'tiny-ipc1', 'tiny-ipc10', 'tiny-ipc50', 'fashion-mnist-ipc1', 'fashion-mnist-ipc10', 'fashion-mnist-ipc50', 'mnist-ipc1', 'mnist-ipc10', 'mnist-ipc50']) {
      expect(PRESET_NAMES).toContain(name);
    }
    for (const [name, p] of Object.entries(PRESETS)) {
      const d = p.distill;
      checkDistillConfig({ ...d, momentumImg: 0.5, momentumLr: 0.5, momentumLabel: 0.9, seed: 0 });
      checkSchedulerConfig({ initRatio: p.experts.initRatio, addEndEpoch: p.experts.addEndEpoch });
      // The last start epoch plus M must be a stored expert epoch.
      expect(d.maxStartEpoch - 1 + d.expertEpochs, name).toBeLessThanOrEqual(p.experts.epochs);
      expect(d.alpha >= 0 && d.alpha < 1, name).toBe(true);
    }
    expect(getPreset('tiny-ipc10')).toMatchObject({ dataset: 'tiny-imagenet', depth: 4, zca: true });
    expect(getPreset('cifar10-ipc10').distill.sequential).toEqual({ currentMaxStartEpoch: 10, expansionEndIteration: 1000 });
    expect(() => getPreset('cifar11')).toThrow(/unknown preset 'cifar11'; presets: cpu, /);
  });
});
