/**
 * The regression losses that are robust to outliers: the absolute error, and the two that are
 * quadratic near 0 and linear beyond a threshold (smooth L1 and Huber), as `torch.nn.functional`.
 * Written with core ops: autodiff, double backward included, comes from them.
 */
import { type Tensor, abs, le, lt, mul, neg, opt, square, sub, where } from '@entropic/core';
import { REDUCTION, type ReductionOptions, elementwiseArguments } from './validate.js';
import { reduceLosses } from './reduce.js';
import { withMeta } from './meta.js';

/** Options of {@link l1Loss}: the reduction. */
export type L1LossOptions = ReductionOptions;

export interface SmoothL1LossOptions extends ReductionOptions {
  /** Where the loss turns from quadratic to linear (default 1; 0 is the L1 loss). */
  beta?: number;
}

export interface HuberLossOptions extends ReductionOptions {
  /** Where the loss turns from quadratic to linear (default 1, > 0). */
  delta?: number;
}

export const L1_LOSS_OPTIONS = { reduction: REDUCTION };
export const SMOOTH_L1_LOSS_OPTIONS = { reduction: REDUCTION, beta: opt.number({ min: 0, default: 1 }) };
export const HUBER_LOSS_OPTIONS = { reduction: REDUCTION, delta: opt.number({ gt: 0, default: 1 }) };

/** `|input − target|`; its gradient at 0 is 0, as PyTorch. */
export const l1Loss = withMeta(function l1Loss(input: Tensor, target: Tensor, opts?: L1LossOptions): Tensor {
  const { x, y, o } = elementwiseArguments('l1Loss', input, target, opts, L1_LOSS_OPTIONS);
  return reduceLosses(abs(sub(x, y)), o.reduction);
}, { input: 'values', target: 'values' });

/**
 * `0.5·d²/β` where |d| < β, else `|d| − 0.5·β` (d = input − target): the gradient is d/β inside
 * and ±1 outside. `beta: 0` is the absolute error, with PyTorch's gradient −1 (not 0) at d = 0.
 */
export const smoothL1Loss = withMeta(function smoothL1Loss(input: Tensor, target: Tensor, opts?: SmoothL1LossOptions): Tensor {
  const { x, y, o } = elementwiseArguments('smoothL1Loss', input, target, opts, SMOOTH_L1_LOSS_OPTIONS);
  const d = sub(x, y);
  const ad = abs(d);
  // Numerical trap: with β = 0 the quadratic branch is 0/0, and its (unused) gradient would be
  // NaN, which `where` does not mask (0·NaN). β = 0 is |d| written as d ≤ 0 ? −d : d, whose
  // gradient at 0 is −1 as PyTorch's kernel gives (x ≤ −β ? −1 : …), where l1Loss gives 0.
  const losses = o.beta === 0 ? where(le(d, 0), neg(d), d) : where(lt(ad, o.beta), mul(square(d), 0.5).div(o.beta), sub(ad, 0.5 * o.beta));
  return reduceLosses(losses, o.reduction);
}, { input: 'values', target: 'values' });

/** `0.5·d²` where |d| < δ, else `δ·(|d| − 0.5·δ)`: smooth L1 times δ (with β = δ). */
export const huberLoss = withMeta(function huberLoss(input: Tensor, target: Tensor, opts?: HuberLossOptions): Tensor {
  const { x, y, o } = elementwiseArguments('huberLoss', input, target, opts, HUBER_LOSS_OPTIONS);
  const d = sub(x, y);
  const ad = abs(d);
  const losses = where(lt(ad, o.delta), mul(square(d), 0.5), mul(sub(ad, 0.5 * o.delta), o.delta));
  return reduceLosses(losses, o.reduction);
}, { input: 'values', target: 'values' });
