import { type AdapterDescription, adapterLabel, describeAdapter } from './adapter-info.js';
import { type BackendName, gpuFor, isBrowser } from './gpu-provider.js';

export interface AdapterChoice {
  /** Force one Dawn backend (Node only); env PAD_GPU_BACKEND. */
  backend?: BackendName;
  /** Pick the adapter whose name contains this text (case-insensitive); env PAD_GPU_ADAPTER. */
  adapter?: string;
  powerPreference?: GPUPowerPreference;
}

export interface ChosenAdapter {
  adapter: GPUAdapter;
  description: AdapterDescription;
}

const BACKENDS: readonly BackendName[] = ['vulkan', 'metal', 'd3d12', 'opengl', 'opengles'];
const FEATURE_LEVELS = ['core', 'compatibility'] as const;

function env(name: string): string | undefined {
  const v = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env?.[name];
  return v === '' ? undefined : v;
}

async function tryAdapter(backend: BackendName | undefined, featureLevel: 'core' | 'compatibility', power?: GPUPowerPreference): Promise<ChosenAdapter | null> {
  try {
    const gpu = await gpuFor(backend);
    const adapter = await gpu.requestAdapter({ featureLevel, powerPreference: power } as GPURequestAdapterOptions);
    if (!adapter) return null;
    // Dawn reports the backend in the description only; compatibility adapters are GL on Linux.
    const backendName = backend ?? (isBrowser() ? 'browser' : 'native');
    return { adapter, description: describeAdapter(adapter, backendName, featureLevel) };
  } catch {
    return null;
  }
}

/** Every adapter this process can see, for error messages and `pad-gpu info --list`. */
export async function listAdapters(): Promise<AdapterDescription[]> {
  const seen = new Map<string, AdapterDescription>();
  const backends: (BackendName | undefined)[] = isBrowser() ? [undefined] : [...BACKENDS];
  for (const backend of backends) {
    for (const level of FEATURE_LEVELS) {
      for (const power of ['high-performance', 'low-power'] as const) {
        const found = await tryAdapter(backend, level, power);
        if (found) seen.set(adapterLabel(found.description), found.description);
      }
    }
  }
  return [...seen.values()];
}

async function failWithList(what: string): Promise<never> {
  const all = await listAdapters();
  const list = all.length ? all.map((a) => `  - ${adapterLabel(a)}`).join('\n') : '  (none: no WebGPU adapter at all)';
  throw new Error(`${what}\nAdapters on this machine:\n${list}`);
}

/**
 * Prefers a native core adapter (Vulkan, Metal, D3D12); without one, falls back to Dawn's OpenGL
 * compatibility adapter, which on a GPU-less Linux machine is Mesa's llvmpipe (PLATFORM.md: both the
 * `backend=opengl` flag and featureLevel 'compatibility' are required there).
 */
export async function selectAdapter(choice: AdapterChoice = {}): Promise<ChosenAdapter> {
  const backend = choice.backend ?? (env('PAD_GPU_BACKEND') as BackendName | undefined);
  const nameFilter = choice.adapter ?? env('PAD_GPU_ADAPTER');
  if (backend && !BACKENDS.includes(backend)) {
    await failWithList(`PAD_GPU_BACKEND/--backend '${backend}' is not a WebGPU backend (one of ${BACKENDS.join(', ')}).`);
  }
  const attempts: [BackendName | undefined, 'core' | 'compatibility'][] = backend
    ? [[backend, 'core'], [backend, 'compatibility']]
    : isBrowser()
      ? [[undefined, 'core'], [undefined, 'compatibility']]
      : [[undefined, 'core'], ['opengl', 'compatibility'], ['opengles', 'compatibility']];
  const candidates: ChosenAdapter[] = [];
  for (const [b, level] of attempts) {
    for (const power of choice.powerPreference ? [choice.powerPreference] : (['high-performance', 'low-power'] as const)) {
      const found = await tryAdapter(b, level, power);
      if (found) candidates.push(found);
    }
    if (candidates.length > 0 && !nameFilter) break;
  }
  const matching = nameFilter
    ? candidates.filter((c) => adapterLabel(c.description).toLowerCase().includes(nameFilter.toLowerCase()))
    : candidates;
  if (matching.length === 0) {
    const asked = [backend && `backend '${backend}'`, nameFilter && `adapter matching '${nameFilter}'`].filter(Boolean).join(' and ');
    return failWithList(`No WebGPU adapter found${asked ? ` for ${asked}` : ''}.`);
  }
  return matching[0];
}
