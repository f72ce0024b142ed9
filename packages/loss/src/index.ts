/**
 * @entropic/loss: the cross-entropy family exact to PyTorch (fused, stable forward and
 * backward kernels), the squared error, `defineLoss` for your own losses, each loss as a
 * configurable class, and a registry of losses by name.
 */
export { binaryCrossEntropy, binaryCrossEntropyWithLogits } from './binary.js';
export type { BinaryCrossEntropyOptions, BinaryCrossEntropyWithLogitsOptions } from './binary.js';
export { crossEntropy } from './cross-entropy.js';
export type { CrossEntropyOptions } from './cross-entropy.js';
export { nllLoss } from './nll.js';
export type { NllLossOptions } from './nll.js';
export { mseLoss } from './mse.js';
export type { MseLossOptions } from './mse.js';
export type { Reduction, ReductionOptions } from './validate.js';
export { defineLoss } from './define.js';
export type { DefinedLoss, DefinedLossOptions, LossDefinition, LossFormula } from './define.js';
export {
  LossModule, BinaryCrossEntropyLoss, BinaryCrossEntropyWithLogitsLoss, CrossEntropyLoss, NLLLoss, MSELoss,
  BinaryCrossEntropyLoss as BCELoss, BinaryCrossEntropyWithLogitsLoss as BCEWithLogitsLoss,
} from './modules.js';
export { registerLoss, getLoss, hasLoss, lossNames, unregisterLoss } from './registry.js';
export type { AnyLoss, RegisterLossOptions } from './registry.js';
