// PAD (Node-only part): resumable, shardable file stages and the whole pipeline.
export { type Shard, WHOLE, parseShard, dataFingerprint, assertSameConfig } from './stage-files.js';
export { runEl2nStage, loadEl2n, el2nFile, type El2nResult, type El2nStageOptions } from './el2n-stage.js';
export { FileExperts, expertFile, readExpertInfo, readTrajectory, EXPERT_FORMAT } from './expert-files.js';
export { runExpertsStage, checkExpertConfig, type ExpertConfig, type ExpertsStageOptions } from './experts-stage.js';
export { saveCheckpoint, loadCheckpoint, checkpointFile } from './checkpoint.js';
export { runDistillStage, saveGrid, gridFile, type EvalConfig, type DistillStageOptions } from './distill-stage.js';
export { runPad, loadPadData, padModel, distillConfigOf, type PadRunOptions, type PadHooks, type PadResult, type Stage } from './pipeline.js';
