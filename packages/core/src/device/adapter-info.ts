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

// Software rasterisers by the names their drivers report. Dawn's OpenGL adapter on Mesa puts the
// renderer (e.g. 'llvmpipe-llvm-15-0-6-256-bits-') in `device`, so llvmpipe is recognised by name;
// a Mesa driver for a real GPU ('Mesa Intel(R) UHD Graphics') is not a CPU adapter.
const CPU_NAMES = /llvmpipe|lavapipe|swiftshader|softpipe|\bwarp\b|microsoft basic render/i;

export function describeAdapter(adapter: GPUAdapter, backend: string, featureLevel: 'core' | 'compatibility'): AdapterDescription {
  const info = adapter.info ?? ({} as GPUAdapterInfo);
  const text = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
  // Newer implementations report isFallbackAdapter on the info, older ones on the adapter itself.
  const fallback =
    (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter === true ||
    (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  return {
    backend,
    featureLevel,
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    isCpu: fallback || CPU_NAMES.test(text),
  };
}

export function adapterLabel(a: AdapterDescription): string {
  const name = [a.vendor, a.architecture, a.device, a.description].filter(Boolean).join(' / ') || 'unnamed adapter';
  return `${name} [${a.backend}, ${a.featureLevel}${a.isCpu ? ', CPU' : ''}]`;
}
