import type { Backend } from '../backend/backend.js';
import type { Tensor } from '../tensor/tensor.js';

/** All operands of one op must live on the same backend; names the op when they do not. */
export function sameBackend(op: string, ...ts: Tensor[]): Backend {
  const b = ts[0].backend;
  for (const t of ts) if (t.backend !== b) throw new Error(`${op}: operands live on different backends (${b.name} and ${t.backend.name})`);
  return b;
}

export function assertFloat(op: string, ...ts: Tensor[]): void {
  for (const t of ts) if (t.dtype !== 'f32') throw new Error(`${op}: expected an f32 tensor, got ${t.dtype} [${t.shape}]`);
}
