/**
 * PAD's data selection, small: EL2N scores ||softmax(f(x)) - onehot(y)||_2 from an early-trained
 * model, each class ordered easy to hard, and the scheduler that feeds expert epoch e each class's
 * easiest fraction p(e) = min(1, ir + (1 - ir) e / aee).
 */
import { logitsOf } from './train.js';
import type { PadModel } from './model.js';
import type { Tensor } from '@pad-gpu/core';

export async function el2nScores(model: PadModel, flat: Tensor, x: Tensor, labels: Int32Array, classes: number): Promise<Float32Array> {
  const logits = await logitsOf(model, flat, x, classes);
  const scores = new Float32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const row = logits.subarray(i * classes, (i + 1) * classes);
    const m = Math.max(...row);
    let z = 0;
    for (const v of row) z += Math.exp(v - m);
    let s = 0;
    for (let j = 0; j < classes; j++) {
      const p = Math.exp(row[j] - m) / z - (j === labels[i] ? 1 : 0);
      s += p * p;
    }
    scores[i] = Math.sqrt(s);
  }
  return scores;
}

/** Sample indices of each class, easiest (lowest score) first. */
export function orderByClass(scores: Float32Array, labels: Int32Array, classes: number): Int32Array[] {
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  labels.forEach((y, i) => byClass[y].push(i));
  return byClass.map((ids) => Int32Array.from(ids.sort((a, b) => scores[a] - scores[b])));
}

export function schedulerFraction(epoch: number, ir: number, aee: number): number {
  return aee <= 0 ? 1 : Math.min(1, ir + ((1 - ir) * epoch) / aee);
}

/** The training indices of one expert epoch: each class's easiest ceil(p * size) samples. */
export function scheduledIndices(order: Int32Array[], fraction: number): Int32Array {
  const parts = order.map((ids) => ids.subarray(0, Math.max(1, Math.ceil(fraction * ids.length))));
  const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
