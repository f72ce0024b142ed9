/**
 * @entropic/model — modules (`Module`, `Linear`, `Sequential`, activations, `MLP`), a general
 * training loop (`fit`), logistic and softmax regression that train to the exact optimum, and
 * classification metrics.
 */
export { Module, type StateDict, type LoadStateDictOptions } from './module.js';
export { Linear, linear, type LinearOptions } from './linear.js';
export {
  Sequential, MLP, Dropout, ReLU, Sigmoid, Tanh, Softplus, Identity, Softmax, LogSoftmax,
  type ActivationName, type MLPOptions,
} from './layers.js';
export {
  accuracy, logLoss, rocAuc, confusionMatrix, precisionRecallF1,
  type Average, type LogLossOptions, type ConfusionMatrixOptions, type PrecisionRecallF1Options, type PrecisionRecallF1,
} from './metrics.js';
export { permutation, epochOrders } from './batching.js';
export { FORMAT, VERSION, type SavedModel, type TensorJSON } from './serialize.js';
export type { MatrixLike, VectorLike } from './input.js';
export { fit, type FitOptions, type FitHistory, type EarlyStoppingOptions } from './fit.js';
export {
  LogisticRegression, SoftmaxRegression, type LinearModelOptions, type LinearFitOptions, type Solver,
} from './linear-model.js';
export type { EpochInfo, OnEpoch, LossFn, LossSpec, Optimizer, OptimizerName, OptimizerSpec } from './training.js';
