/**
 * @entropic/loss: the cross-entropy family exact to PyTorch (fused, stable forward and
 * backward kernels), its relatives (KL divergence, focal, margin, robust-regression and
 * likelihood losses), `defineLoss` for your own losses, each loss as a configurable class, a
 * registry of losses by name, and metadata saying what each loss takes.
 */
export { binaryCrossEntropy, binaryCrossEntropyWithLogits } from './binary.js';
export type { BinaryCrossEntropyOptions, BinaryCrossEntropyWithLogitsOptions } from './binary.js';
export { crossEntropy } from './cross-entropy.js';
export type { CrossEntropyOptions } from './cross-entropy.js';
export { nllLoss } from './nll.js';
export type { NllLossOptions } from './nll.js';
export { mseLoss } from './mse.js';
export type { MseLossOptions } from './mse.js';
export { klDiv } from './kl-div.js';
export type { KlDivOptions } from './kl-div.js';
export { l1Loss, smoothL1Loss, huberLoss } from './robust.js';
export type { L1LossOptions, SmoothL1LossOptions, HuberLossOptions } from './robust.js';
export { softMarginLoss, multiMarginLoss, multilabelSoftMarginLoss } from './margin.js';
export type { SoftMarginLossOptions, MultiMarginLossOptions, MultilabelSoftMarginLossOptions } from './margin.js';
export { poissonNllLoss, gaussianNllLoss } from './likelihood.js';
export type { PoissonNllLossOptions, GaussianNllLossOptions } from './likelihood.js';
export { sigmoidFocalLoss } from './focal.js';
export type { SigmoidFocalLossOptions } from './focal.js';
export type { Reduction, ReductionOptions } from './validate.js';
export { isLossMeta, lossMeta, PLAIN_LOSS_META } from './meta.js';
export type { LossMeta, WithMeta } from './meta.js';
export { defineLoss } from './define.js';
export type { DefinedLoss, DefinedLossOptions, LossDefinition, LossFormula, NoParams } from './define.js';
export {
  LossModule, BinaryCrossEntropyLoss, BinaryCrossEntropyWithLogitsLoss, CrossEntropyLoss, NLLLoss, MSELoss,
  BinaryCrossEntropyLoss as BCELoss, BinaryCrossEntropyWithLogitsLoss as BCEWithLogitsLoss,
  KLDivLoss, L1Loss, SmoothL1Loss, HuberLoss, SoftMarginLoss, MultiMarginLoss, MultilabelSoftMarginLoss,
  PoissonNLLLoss, GaussianNLLLoss, SigmoidFocalLoss,
} from './modules.js';
export { registerLoss, getLoss, hasLoss, lossNames, unregisterLoss } from './registry.js';
export type { AnyLoss, RegisterLossOptions } from './registry.js';
