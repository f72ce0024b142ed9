/** sigmoidFocalLoss: torchvision's focal loss for dense binary and multi-label detection. */
import { type Tensor, add, logSigmoid, mul, neg, opt, pow, sigmoid, sub } from '@entropic/core';
import { REDUCTION, type ReductionOptions, checkValues, elementwiseArguments, inUnitInterval } from './validate.js';
import { reduceLosses } from './reduce.js';
import { withMeta } from './meta.js';

export interface SigmoidFocalLossOptions extends ReductionOptions {
  /** Weight of the positive class in [0, 1] (default 0.25); negative: no class weighting. */
  alpha?: number;
  /** Focusing exponent ≥ 0 (default 2): how much confident, correct elements are down-weighted. */
  gamma?: number;
}

export const SIGMOID_FOCAL_LOSS_OPTIONS = {
  reduction: REDUCTION,
  alpha: opt.number({ max: 1, default: 0.25 }),
  gamma: opt.number({ min: 0, default: 2 }),
};

/**
 * torchvision's `sigmoid_focal_loss`: `α_t·(1 − p_t)^γ·BCE(x, y)` per element, with p = σ(x),
 * p_t = p·y + (1 − p)·(1 − y) and α_t = α·y + (1 − α)·(1 − y). Unlike torchvision, the default
 * reduction is `'mean'` (PyTorch's losses' default). Numerical trap: torchvision's `1 − p_t`
 * rounds to 0 once σ(x) rounds to 1; here it is `σ(x)·(1 − y) + σ(−x)·y`, which keeps its digits,
 * and the cross-entropy comes from logSigmoid, so logits of ±200 (and more) stay finite.
 */
export const sigmoidFocalLoss = withMeta(function sigmoidFocalLoss(logits: Tensor, target: Tensor, opts?: SigmoidFocalLossOptions): Tensor {
  const fn = 'sigmoidFocalLoss';
  const { x, y, o } = elementwiseArguments(fn, logits, target, opts, SIGMOID_FOCAL_LOSS_OPTIONS);
  checkValues(fn, 'target', y, 'in [0, 1]', inUnitInterval);
  const notY = sub(1, y);
  const crossEntropy = neg(add(mul(y, logSigmoid(x)), mul(notY, logSigmoid(neg(x)))));
  const miss = add(mul(sigmoid(x), notY), mul(sigmoid(neg(x)), y));
  let losses = mul(crossEntropy, pow(miss, o.gamma));
  if (o.alpha >= 0) losses = mul(losses, add(mul(y, o.alpha), mul(notY, 1 - o.alpha)));
  return reduceLosses(losses, o.reduction);
}, { input: 'logits', target: 'probabilities' });
