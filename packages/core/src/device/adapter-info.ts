/** A plain description of an adapter, for `pad-gpu info`, reports and error messages. */
export interface AdapterDescription {
  backend: string;
  featureLevel: 'core' | 'compatibility';
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A software rasteriser (llvmpipe, SwiftShader, WARP) or a declared fallback adapter. */
  isCpu: boolean;
}

const CPU_NAMES = /llvmpipe|lavapipe|swiftshader|softpipe|warp|microsoft basic render/i;

export function describeAdapter(adapter: GPUAdapter, backend: string, featureLevel: 'core' | 'compatibility'): AdapterDescription {
  const info = adapter.info ?? ({} as GPUAdapterInfo);
  const text = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
  const fallback = (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  return {
    backend,
    featureLevel,
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    // Dawn's OpenGL backend on Mesa reports only the GL version string; on a machine without a GPU
    // that adapter is llvmpipe, so an OpenGL adapter naming Mesa and no GPU vendor counts as CPU.
    isCpu: fallback || CPU_NAMES.test(text) || (/mesa/i.test(text) && !info.vendor && backend.startsWith('opengl')),
  };
}

export function adapterLabel(a: AdapterDescription): string {
  const name = [a.vendor, a.architecture, a.device, a.description].filter(Boolean).join(' / ') || 'unnamed adapter';
  return `${name} [${a.backend}, ${a.featureLevel}${a.isCpu ? ', CPU' : ''}]`;
}
