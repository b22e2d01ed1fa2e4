import { MATCH_LOSS_CHUNK, grid1d, matchLossFinish, matchLossPartial } from '@pad-gpu/kernels';
import { Storage } from '../../tensor/storage.js';
import { Tensor } from '../../tensor/tensor.js';
import { bufferOf, newStorage } from '../../backend/webgpu/gpu-storage.js';
import { asWebGpu, checkF32, checkSame, cpuArray } from './device.js';

export interface MatchLossResult {
  /** [num, den, num / den] (see below), on the device until read. */
  sums: Tensor;
  /** v_N = ∂L/∂θ_N: 2 (θ_N - θ*_{t+M}) / den on kept entries, 0 on the masked prefix. */
  seed: Tensor;
}

/**
 * PAD's matching loss with the embedding filter (Li et al. 2024, eq. 6 and §3.2), fused:
 *   L = Σ_{i>=cut} (θ_N - θ*_{t+M})² / Σ_{i>=cut} (θ*_t - θ*_{t+M})²
 * and its gradient seed v_N for the reverse pass. On WebGPU both sums come from one pass over the
 * three vectors and a second tiny pass reduces the partials and writes v_N (match-loss.wgsl).
 */
export function matchLossFused(student: Tensor, start: Tensor, target: Tensor, cut: number): MatchLossResult {
  checkSame('matchLoss', [student, start, target]);
  checkF32('matchLoss', [student, start, target]);
  const n = student.size;
  if (start.size !== n || target.size !== n) throw new Error(`matchLoss: parameter vectors have ${n}, ${start.size} and ${target.size} elements`);
  if (!Number.isInteger(cut) || cut < 0 || cut >= n) throw new Error(`matchLoss: cut ${cut} must be an integer in [0, ${n})`);
  const gpu = asWebGpu(student.backend);
  if (gpu) {
    const groups = Math.ceil(n / MATCH_LOSS_CHUNK);
    const partials = newStorage(gpu, 2 * groups, 'f32');
    const seed = newStorage(gpu, n, 'f32');
    const sums = newStorage(gpu, 3, 'f32');
    const buffers = [student, start, target].map((t) => bufferOf(t.storage)).concat([bufferOf(partials), bufferOf(seed), bufferOf(sums)]);
    const u = { n, cut, groups };
    gpu.stream.dispatch(matchLossPartial, buffers, u, grid1d(groups));
    gpu.stream.dispatch(matchLossFinish, buffers, u, grid1d(groups));
    partials.release();
    return { sums: new Tensor(sums, [3]), seed: new Tensor(seed, [n]) };
  }
  const S = cpuArray(student.storage);
  const A = cpuArray(start.storage);
  const T = cpuArray(target.storage);
  let num = 0;
  let den = 0;
  for (let i = cut; i < n; i++) {
    const d = S[i] - T[i];
    const e = A[i] - T[i];
    num += d * d;
    den += e * e;
  }
  const v = new Float64Array(n);
  for (let i = cut; i < n; i++) v[i] = (2 * (S[i] - T[i])) / den;
  const sums = Float64Array.of(num, den, num / den);
  return {
    sums: new Tensor(new Storage(student.backend, 3, 'f32', sums), [3]),
    seed: new Tensor(new Storage(student.backend, n, 'f32', v), [n]),
  };
}
