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

/** Backends a user may force (Dawn's 'null' backend computes nothing, so it is not offered). */
export const BACKENDS: readonly BackendName[] = ['vulkan', 'metal', 'd3d12', 'opengl', 'opengles'];
const FEATURE_LEVELS = ['core', 'compatibility'] as const;
type Level = (typeof FEATURE_LEVELS)[number];
type Attempt = [BackendName | undefined, Level];

function env(name: string): string | undefined {
  const v = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env?.[name];
  return v === '' ? undefined : v;
}

/** Dawn's native core backends per OS, named explicitly so reports say which one was used. */
function nativeBackends(): BackendName[] {
  const platform = (globalThis as { process?: { platform?: string } }).process?.platform;
  if (platform === 'darwin') return ['metal'];
  if (platform === 'win32') return ['d3d12', 'vulkan'];
  return ['vulkan'];
}

/** Why probes failed (Dawn failing to load, a driver throwing); shown when nothing is found. */
const probeErrors = new Set<string>();

async function tryAdapter(backend: BackendName | undefined, featureLevel: Level, power?: GPUPowerPreference): Promise<ChosenAdapter | null> {
  try {
    const gpu = await gpuFor(backend);
    const adapter = await gpu.requestAdapter({ featureLevel, powerPreference: power } as GPURequestAdapterOptions);
    if (!adapter) return null;
    const backendName = backend ?? (isBrowser() ? 'browser' : 'native');
    return { adapter, description: describeAdapter(adapter, backendName, featureLevel) };
  } catch (e) {
    probeErrors.add(`${backend ?? 'default'}/${featureLevel}: ${e instanceof Error ? e.message : String(e)}`);
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
  const lines = [what, 'Adapters on this machine:'];
  if (all.length) lines.push(...all.map((a) => `  - ${adapterLabel(a)}`));
  else {
    lines.push('  (none: no WebGPU adapter at all)');
    if (!isBrowser()) lines.push('On Debian/Ubuntu without a GPU, install libegl1 libgl1-mesa-dri libegl-dev (npm run setup).');
    const egl = env('EGL_PLATFORM');
    // PLATFORM.md: Mesa's llvmpipe is only reachable through EGL with the display-less platform.
    if (egl && egl !== 'surfaceless') lines.push(`EGL_PLATFORM=${egl} is set; without a display server use EGL_PLATFORM=surfaceless (or leave it unset).`);
  }
  if (probeErrors.size) lines.push('Errors while probing:', ...[...probeErrors].map((e) => `  - ${e}`));
  throw new Error(lines.join('\n'));
}

function attemptsFor(backend: BackendName | undefined): Attempt[] {
  if (backend) return [[backend, 'core'], [backend, 'compatibility']];
  if (isBrowser()) return [[undefined, 'core'], [undefined, 'compatibility']];
  return [...nativeBackends().map((b): Attempt => [b, 'core']), ['opengl', 'compatibility'], ['opengles', 'compatibility']];
}

/**
 * Prefers a native core adapter (Vulkan, Metal, D3D12); without one, falls back to Dawn's OpenGL
 * compatibility adapter, which on a GPU-less Linux machine is Mesa's llvmpipe (PLATFORM.md: both the
 * `backend=opengl` flag and featureLevel 'compatibility' are required there). With a name filter every
 * attempt is probed, so the filter can pick e.g. the OpenGL adapter on a machine that also has Vulkan.
 */
export async function selectAdapter(choice: AdapterChoice = {}): Promise<ChosenAdapter> {
  const backend = choice.backend ?? (env('PAD_GPU_BACKEND') as BackendName | undefined);
  const nameFilter = choice.adapter ?? env('PAD_GPU_ADAPTER');
  if (backend && !BACKENDS.includes(backend)) {
    await failWithList(`PAD_GPU_BACKEND/--backend '${backend}' is not a WebGPU backend (one of ${BACKENDS.join(', ')}).`);
  }
  const candidates: ChosenAdapter[] = [];
  for (const [b, level] of attemptsFor(backend)) {
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
