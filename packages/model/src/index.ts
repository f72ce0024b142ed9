/**
 * @entropic/model — modules (`Module`, `Linear`, `Sequential`, activations, `MLP`), one training
 * loop (`fit`, and the estimators' solvers), logistic and softmax regression that train to the
 * exact optimum, linear and ridge regression, metrics, and saving any module as versioned JSON.
 */
export { Module, type StateDict, type LoadStateDictOptions } from './module.js';
export { Linear, linear, type LinearOptions } from './linear.js';
export {
  Sequential, MLP, Dropout, ReLU, Sigmoid, Tanh, Softplus, Identity, Softmax, LogSoftmax,
  type ActivationName, type MLPOptions,
} from './layers.js';
export {
  accuracy, logLoss, confusionMatrix, precisionRecallF1,
  type Average, type LogLossOptions, type ConfusionMatrixOptions, type PrecisionRecallF1Options, type PrecisionRecallF1,
} from './metrics.js';
export {
  FORMAT, VERSION, saveModule, loadModule, registerModuleClass, moduleClassNames, stateDictFromJSON,
  type SavedModule, type SavedModel, type ModuleNode, type TensorJSON, type SaveModuleOptions, type OnSaveWarning,
} from './serialize.js';
export type { MatrixLike, VectorLike } from './input.js';
export { fit, type FitOptions, type FitHistory, type EarlyStoppingOptions, type SchedulerSpec } from './fit.js';
export {
  LogisticRegression, SoftmaxRegression, type LinearModelOptions, type LinearFitOptions, type Solver,
} from './linear-model.js';
export {
  runTraining, DIVERGENCE_FACTOR,
  type EpochInfo, type OnEpoch, type OnWarning, type TrainingWarning, type TrainingCallback, type TrainingBatch,
  type LoopContext, type LoopResult, type LoopSpec, type StopRequest,
} from './loop.js';
export { gradientTolerance, plateau, progress, scheduling, type PlateauOptions, type Schedule } from './callbacks.js';
export type { ClassWeight } from './weights.js';
export type { ClipGradNorm } from './clip.js';
export type { LossFn, LossSpec, LossMeta, Optimizer, OptimizerSpec } from './training.js';
export { LinearRegression, Ridge, type LinearRegressionOptions, type RidgeOptions, type RegressionFitOptions } from './regression.js';
export { rocCurve, precisionRecallCurve, rocAuc, type RocCurve, type RocCurveOptions, type PrecisionRecallCurve, type CurveOptions } from './curves.js';
export { mse, mae, r2Score, type RegressionMetricOptions } from './regression-metrics.js';
export { classificationReport, type ClassificationReport, type ClassificationReportOptions, type ClassReportRow } from './metrics.js';
