// PAD (browser-safe part): the exact constant-memory hypergradient, fused kernels, the loop, schedules.
export { embeddingCut, describeCut } from './mask.js';
export { unrollPlan, type StepPlan } from './plan.js';
export { studentLoss, type Augment } from './student-loss.js';
export { MatchForward, type MatchProblem, type MatchGradients, type CachedStep } from './exact-gradient.js';
export { matchForward, matchGradient } from './exact-forward.js';
export { matchGradientFullUnroll, matchLossOps } from './full-unroll.js';
export { matchLossFused, type MatchLossResult } from './fused/match-loss.js';
export { sgdStepFused, axpyNeg } from './fused/sgd-step.js';
export { el2nScores } from './fused/el2n.js';
export { type El2nConfig, checkEl2nConfig, trainScoringModel, el2nSlice, orderByClass } from './el2n.js';
export { type SchedulerConfig, checkSchedulerConfig, additionRatio, epochWindow, epochIndices } from './scheduler.js';
export { iterationSeed, startEpochUpper, pickStartEpoch, pickExpert } from './schedule.js';
export { MomentumSgd } from './optim.js';
export { type ExpertSource, MemoryExperts, checkExpertsCover } from './experts-source.js';
export { type HostImages, uploadRows, logitsOf } from './host-data.js';
export { initSynthetic, type InitMode, type InitOptions, type SyntheticInit } from './synthetic-init.js';
export {
  type DistillConfig, type DistillState, type DistillHooks, type DistillSetup, type IterationRecord, type EvalRecord,
  DistillDivergedError, checkDistillConfig, newDistillState, disposeDistillState, distillIteration, runDistillation,
} from './distill-loop.js';
export { PRESETS, PRESET_NAMES, getPreset, defaultPresetName, type PadPreset } from './presets.js';
export { tinyConvModel } from './tiny-model.js';
