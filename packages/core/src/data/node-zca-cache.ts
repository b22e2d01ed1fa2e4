/**
 * ZCA fitted once per training set and kept on disk (Node only). On CIFAR a fit takes minutes in JS,
 * and every command (experts, distill, eval) needs the same transform, so it is cached as safetensors
 * next to the run; the cache is used only if it was fitted on the same images with the same eps.
 */
import { existsSync } from 'node:fs';
import { loadSafetensors, saveSafetensors } from '../io/node-outputs.js';
import { imagesFingerprint, zcaFromTensors, zcaToTensors } from './zca-io.js';
import { fitZca, type ZcaOptions, type ZcaTransform } from './zca.js';

/**
 * The transform for these training images: loaded from `cacheFile` when it matches, else fitted and
 * saved there (atomically). `onFit` is called before a fit starts, so callers can say why they wait.
 */
export async function loadOrFitZca(
  cacheFile: string, images: Float32Array, n: number, dim: number, opts: ZcaOptions & { onFit?: () => void } = {},
): Promise<{ zca: ZcaTransform; cached: boolean }> {
  const eps = opts.eps ?? 0.1;
  const fingerprint = imagesFingerprint(images, n);
  if (existsSync(cacheFile)) {
    const { tensors, metadata } = await loadSafetensors(cacheFile);
    const zca = zcaFromTensors(tensors, cacheFile);
    const wantInverse = opts.inverse ?? true;
    if (metadata.fingerprint === fingerprint && zca.eps === eps && zca.dim === dim && (!wantInverse || zca.inverse)) {
      return { zca, cached: true };
    }
  }
  opts.onFit?.();
  const zca = fitZca(images, n, dim, opts);
  await saveSafetensors(cacheFile, zcaToTensors(zca), { fingerprint, eps: String(eps), format: 'pad-gpu zca v1' });
  return { zca, cached: false };
}
