import { makeResult } from '../autograd/record.js';
import { assembleGrad } from '../autograd/rules/assemble.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * A 1-D tensor of `size` zeros with each piece (flattened) written at its offset; pieces may leave gaps
 * but must not overlap. The gradient of a flat parameter vector that a model unpacked into its layers
 * is this op over the layers' gradients: one output and a few buffer copies, where a padded slice per
 * layer summed together costs a fill, a scatter and an add of the whole vector per layer.
 */
export function assemble(pieces: readonly Tensor[], offsets: readonly number[], size: number): Tensor {
  if (pieces.length !== offsets.length) throw new Error(`assemble: ${pieces.length} pieces but ${offsets.length} offsets`);
  if (pieces.length === 0) throw new Error('assemble: no pieces');
  const dtype = pieces[0].dtype;
  const order = offsets.map((o, k) => k).sort((a, b) => offsets[a] - offsets[b]);
  let end = 0;
  for (const k of order) {
    const p = pieces[k];
    if (p.dtype !== dtype) throw new Error(`assemble: piece ${k} is ${p.dtype}, piece 0 is ${dtype}`);
    if (p.backend !== pieces[0].backend) throw new Error(`assemble: piece ${k} is on another backend`);
    if (!Number.isInteger(offsets[k]) || offsets[k] < end) throw new Error(`assemble: piece ${k} at offset ${offsets[k]} overlaps the piece before it (which ends at ${end})`);
    end = offsets[k] + p.size;
  }
  if (end > size) throw new Error(`assemble: pieces reach element ${end}, past the size ${size}`);
  const storage = pieces[0].backend.assemble(pieces.map((p) => p.storage), offsets, size, dtype);
  return makeResult('assemble', storage, [size], pieces, assembleGrad, { attrs: offsets });
}
