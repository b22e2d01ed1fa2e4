export { Sgd, type SgdOptions } from './sgd.js';
export { epochBatches, batchesPerEpoch } from './batches.js';
export { stepDecay } from './schedule.js';
export { classificationLoss, countCorrect } from './loss.js';
export { TrainingDivergedError, checkFinite } from './divergence.js';
export { trainModel, type TrainOptions, type TrainProgress, type TrainResult } from './train.js';
export { evaluateAccuracy, type EvaluateOptions } from './evaluate.js';
export { evaluateSynset, type SynsetEvalOptions, type SynsetEvalResult } from './synset.js';
