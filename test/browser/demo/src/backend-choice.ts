/**
 * Picks where the page computes: WebGPU when the browser has it and the core's WebGPU backend runs
 * every op PAD needs (checked by one tiny matching iteration), the core's CPU backend otherwise.
 * The reason is always returned, so the page can say plainly why it is not on the GPU.
 */
import { adapterLabel, cpuBackend, createModel, diffAugment, matchForward, requiresGrad, scalar, tensor, unrollPlan, webgpuBackend, type Backend, type Tensor } from '@pad-gpu/core';

export interface BackendChoice {
  backend: Backend;
  /** What runs the ops, for the page header. */
  label: string;
  /** Why this is not WebGPU (empty when it is). */
  problem: string;
  hasWebGpu: boolean;
}

export const NO_WEBGPU =
  'This browser has no WebGPU (navigator.gpu is missing). Use a recent Chrome, Edge, Safari or Firefox; ' +
  'on Linux start Chromium with --enable-unsafe-webgpu. The demo can still run on the CPU backend, slowly.';

/** One PAD matching iteration (the library's exact gradient, with DSA) of a 1-block net on 8x8 images:
 *  exercises every kernel the page's PAD loop uses. */
async function probe(be: Backend): Promise<void> {
  const model = createModel('convnet', { channels: 1, height: 8, width: 8, numClasses: 2, netWidth: 2, depth: 1 });
  const opts = { backend: be };
  const images = requiresGrad(tensor(Float32Array.from({ length: 128 }, (_, i) => Math.sin(i)), [2, 1, 8, 8], opts));
  const labels = requiresGrad(tensor([1, 0, 0, 1], [2, 2], opts));
  const lr = requiresGrad(scalar(0.1, opts));
  const start = model.init(1, be);
  const target = model.init(2, be);
  const owned: Tensor[] = [images, labels, lr, start, target];
  try {
    const fwd = await matchForward({
      model, images, labels, lr, start, target, cut: 4, plan: unrollPlan(2, 2, 2, 7), thetaStore: 'device',
      augment: (x, seed) => diffAugment(x, seed, {}),
    });
    if (!Number.isFinite(fwd.loss)) {
      fwd.dispose();
      throw new Error(`probe loss is ${fwd.loss}`);
    }
    const g = fwd.backward();
    owned.push(g.images, g.labels, g.lr);
    const gl = await g.lr.item();
    if (!Number.isFinite(gl)) throw new Error(`probe lr gradient is ${gl}`);
  } finally {
    for (const t of owned) t.dispose();
  }
}

export async function chooseBackend(forceCpu = false): Promise<BackendChoice> {
  const cpu = (problem: string, hasWebGpu: boolean): BackendChoice => ({ backend: cpuBackend(), label: 'CPU backend (float64, in JavaScript)', problem, hasWebGpu });
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return cpu(NO_WEBGPU, false);
  if (forceCpu) return cpu('CPU backend chosen in the URL (?backend=cpu).', true);
  let be;
  try {
    be = await webgpuBackend();
  } catch (e) {
    return cpu(`WebGPU is present but no device could be created: ${(e as Error).message}`, true);
  }
  try {
    await probe(be);
  } catch (e) {
    const msg = (e as Error).message;
    be.ctx.destroy();
    return cpu(`The WebGPU backend cannot run PAD yet (${msg}); using the CPU backend.`, true);
  }
  return { backend: be, label: `WebGPU: ${adapterLabel(be.ctx.description)}`, problem: '', hasWebGpu: true };
}
