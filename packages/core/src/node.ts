// @pad-gpu/core/node: everything in the browser entry plus Node-only file access.
export * from './index.js';
export { dirSource } from './data/node-source.js';
export { loadDataset, resolveDataDir, loadFashionMnist, loadMnist, loadCifar10, loadCifar100, loadTinyImageNet, type LoadOptions } from './data/node-datasets.js';
export { writeFileAtomic, readFileChecked } from './io/node-files.js';
export { saveSafetensors, loadSafetensors, savePngGrid } from './io/node-outputs.js';
export * from './distill/node.js';
export { loadOrFitZca } from './data/node-zca-cache.js';
