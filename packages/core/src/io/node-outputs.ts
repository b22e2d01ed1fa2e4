/** Node-only wrappers that put safetensors and PNG grids on disk (atomically) and read safetensors back. */
import { imageGridPng, type GridOptions, type ImageShape } from './image-grid.js';
import { readFileChecked, writeFileAtomic } from './node-files.js';
import { decodeSafetensors, encodeSafetensors, type SafeTensor, type SafetensorsFile } from './safetensors.js';

export function saveSafetensors(file: string, tensors: Record<string, SafeTensor>, metadata: Record<string, string> = {}): Promise<void> {
  return writeFileAtomic(file, encodeSafetensors(tensors, metadata));
}

export async function loadSafetensors(file: string): Promise<SafetensorsFile> {
  return decodeSafetensors(await readFileChecked(file, 'safetensors file'), file);
}

export function savePngGrid(file: string, images: Float32Array, shape: ImageShape, opts: GridOptions = {}): Promise<void> {
  return writeFileAtomic(file, imageGridPng(images, shape, opts));
}
