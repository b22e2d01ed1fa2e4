// File formats (browser-safe): safetensors, PNG, image grids, CRC-32.
export { encodeSafetensors, decodeSafetensors, type SafeTensor, type SafeDType, type SafeData, type SafetensorsFile } from './safetensors.js';
export { encodePng, type RasterImage } from './png.js';
export { imageGrid, imageGridPng, type GridOptions, type ImageShape } from './image-grid.js';
export { crc32 } from './crc32.js';
