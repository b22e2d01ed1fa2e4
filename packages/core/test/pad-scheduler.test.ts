import { describe, expect, it } from 'vitest';
import { createModel } from '../src/nn/models/index.js';
import { describeCut, embeddingCut } from '../src/distill/mask.js';
import { additionRatio, checkSchedulerConfig, epochIndices, epochWindow } from '../src/distill/scheduler.js';
import { unrollPlan } from '../src/distill/plan.js';
import { pickExpert, pickStartEpoch, startEpochUpper } from '../src/distill/schedule.js';

describe('embedding filter (parameter mask)', () => {
  it('ConvNet-3 width 128 on 1-channel 28x28: 317,706 parameters, α = 0.25 masks the first 79,426', () => {
    const model = createModel('convnet', { channels: 1, height: 28, width: 28, numClasses: 10 });
    expect(model.numParams).toBe(317_706);
    // Python's int(0.25 * 317706) = int(79426.5) = 79426 (truncation).
    expect(embeddingCut(model.numParams, 0.25)).toBe(79_426);
    const parts = describeCut(model.params, 79_426);
    expect(parts.reduce((s, p) => s + p.masked, 0)).toBe(79_426);
    // The cut falls inside the second conv's weight: the first block is masked whole.
    expect(parts.slice(0, 4).every((p) => p.masked === p.size)).toBe(true);
    expect(parts[4].name).toBe('features.4.weight');
    expect(parts[4].masked).toBeGreaterThan(0);
    expect(parts[4].masked).toBeLessThan(parts[4].size);
  });

  it('rounds toward zero like int() and rejects bad α', () => {
    expect(embeddingCut(320_010, 0.5)).toBe(160_005);
    expect(embeddingCut(10, 0.99)).toBe(9);
    expect(embeddingCut(7, 0)).toBe(0);
    expect(() => embeddingCut(10, 1)).toThrow(/\[0, 1\)/);
    expect(() => embeddingCut(10, -0.1)).toThrow(/alpha/);
    expect(() => embeddingCut(10, Number.NaN)).toThrow(/alpha/);
  });
});

describe('data scheduler', () => {
  it('p(e) = min(1, IR + (1 - IR) e / AEE)', () => {
    expect([0, 1, 2, 3, 4].map((e) => additionRatio(e, 0.75, 3))).toEqual([0.75, 0.75 + 0.25 / 3, 0.75 + 0.5 / 3, 1, 1]);
    expect(additionRatio(10, 0.75, 20)).toBeCloseTo(0.875, 15);
    expect(additionRatio(5, 0.5, 0)).toBe(1);
  });

  it('takes int(p · classSize) easiest samples per class, class sizes from the data', () => {
    // Two classes of different sizes (7 and 4), orders easy to hard.
    const order = [Int32Array.of(10, 11, 12, 13, 14, 15, 16), Int32Array.of(20, 21, 22, 23)];
    const cfg = { initRatio: 0.75, addEndEpoch: 3 };
    // e = 0: int(0.75*7) = 5, int(0.75*4) = 3.
    expect(Array.from(epochIndices(0, order, cfg))).toEqual([10, 11, 12, 13, 14, 20, 21, 22]);
    // e = 1: p = 0.8333: int(5.83) = 5, int(3.33) = 3; e = 2: p = 0.9167: 6 and 3; e >= 3: all.
    expect(epochIndices(1, order, cfg).length).toBe(8);
    expect(epochIndices(2, order, cfg).length).toBe(9);
    expect(Array.from(epochIndices(5, order, cfg))).toEqual([10, 11, 12, 13, 14, 15, 16, 20, 21, 22, 23]);
  });

  it('optional late removal drops the easiest samples (off by default)', () => {
    const cfg = { initRatio: 0.75, addEndEpoch: 2, rmEpochFirst: 4, rmEpochSecond: 6, rmRatioFirst: 0.1, rmRatioSecond: 0.2 };
    checkSchedulerConfig(cfg);
    expect(epochWindow(4, 50, cfg)).toEqual({ from: 0, to: 50, ratio: 1 });
    expect(epochWindow(5, 50, cfg)).toEqual({ from: 5, to: 50, ratio: 0.9 });
    expect(epochWindow(6, 50, cfg)).toEqual({ from: 5, to: 50, ratio: 0.9 });
    expect(epochWindow(7, 50, cfg)).toEqual({ from: 10, to: 50, ratio: 0.8 });
    expect(epochWindow(99, 50, { initRatio: 0.75, addEndEpoch: 2 })).toEqual({ from: 0, to: 50, ratio: 1 });
    expect(() => checkSchedulerConfig({ initRatio: 0, addEndEpoch: 2 })).toThrow(/initial ratio/);
    expect(() => checkSchedulerConfig({ initRatio: 0.5, addEndEpoch: 2, rmEpochFirst: 3 })).toThrow(/both removal/);
  });
});

describe('distillation schedule', () => {
  it('minibatches follow the reference: permutation chunks, last chunk first, full cover per pass', () => {
    const plan = unrollPlan(10, 4, 6, 42);
    // Chunks of one permutation: sizes 4, 4, 2 popped from the end -> 2, 4, 4.
    expect(plan.map((s) => s.indices.length)).toEqual([2, 4, 4, 2, 4, 4]);
    const firstPass = [...plan[0].indices, ...plan[1].indices, ...plan[2].indices].sort((a, b) => a - b);
    expect(firstPass).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(plan.map((s) => s.augSeed)).size).toBe(6);
    expect(unrollPlan(10, 4, 6, 42)).toEqual(plan);
    expect(() => unrollPlan(10, 0, 6, 1)).toThrow(/batch_syn/);
  });

  it('start epochs: uniform in [T-, upper), upper growing to T+ with sequential generation', () => {
    const seq = { maxStart: 20, sequential: { currentMax: 10, expansionEnd: 1000 } };
    expect(startEpochUpper(0, seq)).toBe(10);
    expect(startEpochUpper(500, seq)).toBe(15);
    expect(startEpochUpper(999, seq)).toBe(19);
    expect(startEpochUpper(5000, seq)).toBe(20);
    expect(startEpochUpper(7, { maxStart: 3 })).toBe(3);
    const seen = new Set<number>();
    for (let it = 0; it < 300; it++) seen.add(pickStartEpoch(5, it, 0, 3));
    expect([...seen].sort()).toEqual([0, 1, 2]);
    // Every expert once per pass.
    const pass = Array.from({ length: 5 }, (_, it) => pickExpert(3, it + 5, 5)).sort();
    expect(pass).toEqual([0, 1, 2, 3, 4]);
  });
});
