/**
 * Where `GPU` objects come from: `navigator.gpu` in a browser, Dawn's `webgpu` package in Node.
 *
 * PLATFORM.md: the object returned by Dawn's `create()` must stay referenced for the life of the
 * process, or a garbage collection frees Dawn's instance and the process crashes later (SIGSEGV in
 * InstanceBase::ProcessEvents). Every instance made here is therefore held in a module-level map that
 * is never cleared; one instance per backend is enough (adapter probing reuses it), so the map stays
 * small however often adapters are listed.
 */
export type BackendName = 'vulkan' | 'metal' | 'd3d12' | 'opengl' | 'opengles' | 'null';

const liveInstances = new Map<string, GPU>();

interface DawnModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}
let dawn: Promise<DawnModule> | undefined;

/** Any web context (page or worker): not Node. Node 21+ also defines `navigator`, so ask for Node itself. */
export function isBrowser(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return !proc?.versions?.node && typeof navigator !== 'undefined';
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
  const key = backend ?? 'default';
  let gpu = liveInstances.get(key);
  if (!gpu) {
    gpu = mod.create(backend ? [`backend=${backend}`] : []);
    liveInstances.set(key, gpu);
  }
  return gpu;
}

/** Dawn instances held for the life of the process (one per backend probed). */
export function liveGpuInstances(): number {
  return liveInstances.size;
}
