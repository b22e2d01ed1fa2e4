/**
 * PAD's embedding filter (Li et al. 2024, §3.2 "Filtering Information Embedding"): only the deeper
 * layers' parameters are matched. Parameters are flattened shallow to deep (PyTorch order, see
 * nn/model.ts), so the filter is a prefix cut: indices [0, cut) are masked, [cut, P) are kept.
 *
 * The cut rounds like the reference (distill/PAD_depth.py: `loss_indices[int(depth_ratio * len)]`):
 * Python's int() truncates toward zero, so cut = trunc(α·P) computed in double precision. For
 * ConvNet-3 width 128 on 1-channel images, P = 317,706 and α = 0.25 give α·P = 79,426.5, so the first
 * 79,426 parameters are masked.
 */
export function embeddingCut(numParams: number, alpha: number): number {
  if (!Number.isInteger(numParams) || numParams < 1) throw new Error(`embedding filter: parameter count ${numParams} must be a positive integer`);
  if (!Number.isFinite(alpha) || alpha < 0 || alpha >= 1) {
    throw new Error(`embedding filter: alpha (the masked shallow fraction) must be in [0, 1), got ${alpha}`);
  }
  return Math.trunc(alpha * numParams);
}

/** Which named parameters the cut masks wholly, partly or not at all (for reports and docs). */
export function describeCut(params: readonly { name: string; shape: readonly number[] }[], cut: number): { name: string; masked: number; size: number }[] {
  let offset = 0;
  return params.map((p) => {
    const size = p.shape.reduce((a, b) => a * b, 1);
    const masked = Math.max(0, Math.min(size, cut - offset));
    offset += size;
    return { name: p.name, masked, size };
  });
}
