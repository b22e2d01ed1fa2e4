import { ROWS_COPY, ROWS_MODE, binaryRows } from '@pad-gpu/kernels';
import type { Storage } from '../../tensor/storage.js';
import type { WebGpuBackend } from './webgpu-backend.js';
import { bufferOf } from './gpu-storage.js';
import type { MergedDims } from './strided-dims.js';

/** How binary-rows reads one operand over [rows, cols]: mode and the row modulus of a per-row operand. */
interface RowsOperand {
  mode: number;
  mod: number;
}

/**
 * Classifies an operand's merged strides (innermost first, dimension 0 = columns) as full, per row
 * (index = row % mod: its strides run contiguously over the first row dimensions and are zero above)
 * or per column; null when it is none of these and needs the general strided kernel.
 */
function classify(sizes: readonly number[], strides: readonly number[]): RowsOperand | null {
  let run = 1;
  let full = true;
  for (let d = 0; d < sizes.length; d++) {
    if (strides[d] !== run) full = false;
    run *= sizes[d];
  }
  if (full) return { mode: ROWS_MODE.full, mod: 1 };
  const rowDims = strides.slice(1);
  if (strides[0] === 1 && rowDims.every((s) => s === 0)) return { mode: ROWS_MODE.perColumn, mod: 1 };
  if (strides[0] !== 0) return null;
  let mod = 1;
  let d = 1;
  for (; d < sizes.length && strides[d] === mod; d++) mod *= sizes[d];
  for (; d < sizes.length; d++) if (strides[d] !== 0) return null;
  return { mode: ROWS_MODE.perRow, mod };
}

/**
 * Runs `op` (a BINARY_OPS index, or ROWS_COPY for a one-operand expand) with binary-rows when every
 * operand is full, per row or per column of the merged [rows, cols] space; returns false otherwise.
 */
export function tryRowsBroadcast(be: WebGpuBackend, op: number, m: MergedDims, operands: readonly Storage[], out: Storage): boolean {
  const cols = m.sizes[0];
  const rows = m.sizes.slice(1).reduce((a, b) => a * b, 1);
  const kinds = m.strides.map((s) => classify(m.sizes, s));
  if (kinds.some((k) => k === null)) return false;
  const [ka, kb] = [kinds[0]!, kinds[1] ?? kinds[0]!];
  const element = cols % 4 === 0 ? 'vec4' : 'f32';
  const colsV = element === 'vec4' ? cols / 4 : cols;
  const WG_X = Math.min(64, 2 ** Math.ceil(Math.log2(colsV)));
  const rowsPerGroup = 64 / WG_X;
  const groupsY = Math.ceil(rows / rowsPerGroup);
  const gridY = Math.min(groupsY, 65535);
  const gridZ = Math.ceil(groupsY / gridY);
  const gridX = Math.ceil(colsV / WG_X);
  if (gridZ > 65535 || gridX > 65535) return false;
  const [a, b] = [operands[0], operands[1] ?? operands[0]];
  const bufs = [a, a, b, b, out].map(bufferOf);
  const u = { cols, rows, mod_a: ka.mod, mod_b: kb.mod };
  be.stream.dispatch(binaryRows[element], bufs, u, [gridX, gridY, gridZ], { OP: op, MODE_A: ka.mode, MODE_B: kb.mode, WG_X });
  return true;
}

export { ROWS_COPY };
