// Datasets (browser-safe): parsers over bytes, loaders over a DataSource, normalisation, ZCA, subsets.
export { DataError, type DataErrorKind } from './errors.js';
export { makeDataset, bytesToUnit, imageSize, type ImageDataset, type Split } from './dataset.js';
export { memorySource, fetchSource, readText, type DataSource } from './source.js';
export { parseIdx, idxDataset, type IdxArray, type IdxDatasetSpec } from './idx.js';
export { gunzipChecked, maybeGunzip, isGzip } from './gzip.js';
export { readFashionMnist, readMnist, FASHION_MNIST_CLASSES, MNIST_CLASSES, type SplitOptions } from './digits.js';
export { readCifar10, readCifar100, parseCifarRecords, CIFAR10_CLASSES } from './cifar.js';
export { readTinyImageNet, parseWnids, type TinyImageNetOptions } from './tiny-imagenet.js';
export { decodeJpegInto } from './jpeg.js';
export { DATASETS, datasetInfo, type DatasetId, type DatasetInfo } from './registry.js';
export { DATASET_STATS, channelStats, normalizeImages, denormalizeImages, normalizeDataset, type ChannelStats } from './stats.js';
export { covariance, fitZca, zcaFromCovariance, applyZca, unapplyZca, type ZcaTransform, type ZcaOptions } from './zca.js';
export { symmetricEigen, type SymmetricEigen } from './eigen.js';
export { classIndices, subsetDataset, balancedSubset, shuffled, type SubsetSize } from './subset.js';
export { preprocessPair, undoPreprocessing, type Preprocessing, type PreprocessOptions } from './preprocess.js';
export { zcaToTensors, zcaFromTensors, imagesFingerprint } from './zca-io.js';
