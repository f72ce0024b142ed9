/**
 * @entropic/optim: gradient descent and the optimizers of torch.optim, step for step equal to
 * PyTorch 1.13 in float64. Each algorithm is a pure in-place update over typed arrays (`sgd`,
 * `adam`, …, usable on their own, optax style) wrapped by a thin stateful class (`SGD`, `Adam`,
 * …) with parameter groups, a settable `lr`, `zeroGrad()` and `stateDict()` / `loadStateDict()`;
 * learning-rate schedules and gradient clipping as torch.optim.lr_scheduler and torch.nn.utils.
 */
export { Optimizer } from './optimizer.js';
export type { BaseOptions, Closure, LegacyOptionSpec, OptionSchemaOf, OptionSpec, ParamGroup, ParamGroupSpec, Params } from './optimizer.js';
export { ElementwiseOptimizer } from './elementwise.js';
export type { BufferState, FieldKind } from './elementwise.js';
export { SGD, GradientDescent, sgd, gradientDescent } from './sgd.js';
export type { SGDOptions, SGDState, GradientDescentOptions } from './sgd.js';
export { Adam, AdamW, adam, adamw, adamState } from './adam.js';
export type { AdamOptions, AdamState } from './adam.js';
export { RMSprop, rmsprop, rmspropState } from './rmsprop.js';
export type { RMSpropOptions, RMSpropState } from './rmsprop.js';
export { Adagrad, adagrad, adagradState } from './adagrad.js';
export type { AdagradOptions, AdagradState } from './adagrad.js';
export { LBFGS } from './lbfgs.js';
export type { LBFGSOptions, LBFGSState } from './lbfgs.js';
export { NewtonCG } from './newton-cg.js';
export type { NewtonCGOptions, NewtonCGState } from './newton-cg.js';
export { strongWolfe, cubicInterpolate } from './line-search.js';
export type { DirectionalObjective, StrongWolfeOptions, StrongWolfeResult } from './line-search.js';
export { LRScheduler, StepLR, ExponentialLR, CosineAnnealingLR, LambdaLR, LinearLR } from './schedulers.js';
export type {
  HasParamGroups, SchedulerStateDict, StepLROptions, ExponentialLROptions, CosineAnnealingLROptions, LambdaLROptions, LrLambda, LinearLROptions,
} from './schedulers.js';
export { OneCycleLR } from './one-cycle.js';
export type { OneCycleLROptions, OneCycleLRInit } from './one-cycle.js';
export { ReduceLROnPlateau } from './plateau.js';
export type { ReduceLROnPlateauOptions, ReduceLROnPlateauStateDict } from './plateau.js';
export { clipGradNorm, clipGradValue } from './clip.js';
export type { ClipGradNormOptions } from './clip.js';
export type { OptimizerStateDict, JsonValue } from './serialize.js';
export { registerOptimizer, getOptimizer, hasOptimizer, optimizerNames, unregisterOptimizer } from './registry.js';
export type { OptimizerFactory, RegisterOptimizerOptions } from './registry.js';
