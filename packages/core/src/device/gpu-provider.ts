/**
 * Where `GPU` objects come from: `navigator.gpu` in a browser, Dawn's `webgpu` package in Node.
 *
 * PLATFORM.md: the object returned by Dawn's `create()` must stay referenced for the life of the
 * process, or a garbage collection frees Dawn's instance and the process crashes later. Every
 * instance made here is therefore held in a module-level array that is never cleared.
 */
export type BackendName = 'vulkan' | 'metal' | 'd3d12' | 'opengl' | 'opengles' | 'null';

const liveInstances: GPU[] = [];

interface DawnModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}
let dawn: Promise<DawnModule> | undefined;

export function isBrowser(): boolean {
  return typeof (globalThis as { window?: unknown }).window !== 'undefined' && typeof navigator !== 'undefined';
}

function loadDawn(): Promise<DawnModule> {
  if (!dawn) {
    // The specifier is computed so that browser bundlers never try to resolve the Node-only package.
    const specifier = ['web', 'gpu'].join('');
    dawn = (import(/* @vite-ignore */ specifier) as Promise<DawnModule>).then((mod) => {
      // GPUBufferUsage, GPUShaderStage, ... are globals in browsers; Dawn exports them instead.
      for (const [k, v] of Object.entries(mod.globals)) if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
      return mod;
    });
  }
  return dawn;
}

/** A GPU entry point for one backend (Node) or the browser's `navigator.gpu`. */
export async function gpuFor(backend?: BackendName): Promise<GPU> {
  if (isBrowser()) {
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    if (!gpu) throw new Error('WebGPU is not available in this browser (navigator.gpu is undefined)');
    return gpu;
  }
  // Mesa's EGL needs a platform without a display server (PLATFORM.md); respect a user's choice.
  const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
  if (env && env.EGL_PLATFORM === undefined) env.EGL_PLATFORM = 'surfaceless';
  const mod = await loadDawn();
  const gpu = mod.create(backend ? [`backend=${backend}`] : []);
  liveInstances.push(gpu);
  return gpu;
}

export function liveGpuInstances(): number {
  return liveInstances.length;
}
