/**
 * Margin losses, as `torch.nn.functional`: the soft margin (logistic) loss of ±1 labels, the
 * multi-class hinge loss, and the one-vs-all logistic loss of multi-label targets. Written with
 * core ops (logSigmoid is exact for any margin, so ±1e3 stays finite).
 */
import {
  EntropicError, type Tensor, add, logSigmoid, mul, neg, oneHot, opt, relu, reshape, shapeToString, square, sub, sum,
} from '@entropic/core';
import {
  REDUCTION, type ReductionOptions, checkValues, checkWeight, classWeightTensor, elementwiseArguments, inUnitInterval,
  lossArguments,
} from './validate.js';
import { checkClassTargets, classLayout } from './classes.js';
import { reduceLosses } from './reduce.js';
import { withMeta } from './meta.js';

/** Options of {@link softMarginLoss}: the reduction. */
export type SoftMarginLossOptions = ReductionOptions;

export interface MultiMarginLossOptions extends ReductionOptions {
  /** 1 (default: the hinge) or 2 (the squared hinge). */
  p?: 1 | 2;
  /** The margin the target's score must win by (default 1). */
  margin?: number;
  /** A weight per class, shape `[C]`, applied by the sample's target class. */
  weight?: Tensor;
}

export interface MultilabelSoftMarginLossOptions extends ReductionOptions {
  /** A weight per class, broadcast against the input (usually `[C]`). */
  weight?: Tensor;
}

export const SOFT_MARGIN_LOSS_OPTIONS = { reduction: REDUCTION };
export const MULTI_MARGIN_LOSS_OPTIONS = {
  reduction: REDUCTION,
  p: opt.oneOf([1, 2] as const, { default: 1 }),
  margin: opt.number({ default: 1 }),
  weight: opt.tensor(),
};
export const MULTILABEL_SOFT_MARGIN_LOSS_OPTIONS = { reduction: REDUCTION, weight: opt.tensor() };

/**
 * `log(1 + exp(−y·x))` for labels y = ±1: the logistic loss of the margin y·x, computed as
 * `−logSigmoid(y·x)` so that it is exact at margins of ±100 and beyond. The same loss as
 * `binaryCrossEntropyWithLogits(x, (y + 1) / 2)`. Labels other than −1 and 1 are refused.
 */
export const softMarginLoss = withMeta(function softMarginLoss(input: Tensor, target: Tensor, opts?: SoftMarginLossOptions): Tensor {
  const fn = 'softMarginLoss';
  const { x, y, o } = elementwiseArguments(fn, input, target, opts, SOFT_MARGIN_LOSS_OPTIONS);
  checkValues(fn, 'target', y, 'to be -1 or 1', (v) => v === 1 || v === -1, '; for 0/1 labels pass y·2 − 1, or use binaryCrossEntropyWithLogits');
  return reduceLosses(neg(logSigmoid(mul(y, x))), o.reduction);
}, { input: 'logits', target: 'values' });

/**
 * The multi-class hinge loss of scores `[N, C]` (or `[C]`) and int32 classes `[N]` (or `[]`):
 * `Σ_{j ≠ y} max(0, margin − x_y + x_j)^p / C` per sample, times `weight[y]` when given (after the
 * power, as PyTorch computes it).
 */
export const multiMarginLoss = withMeta(function multiMarginLoss(input: Tensor, target: Tensor, opts?: MultiMarginLossOptions): Tensor {
  const fn = 'multiMarginLoss';
  const { x, y, o } = lossArguments(fn, input, target, opts, MULTI_MARGIN_LOSS_OPTIONS);
  if (x.ndim > 2) throw new EntropicError('SHAPE', fn, `expected input of shape [N, C] or [C], got shape ${shapeToString(x.shape)}`);
  const layout = classLayout(fn, x, 'input');
  checkClassTargets(fn, y, layout, null, x.shape);
  const { n, c } = layout;
  const w = classWeightTensor(fn, o.weight, c);
  const scores = reshape(x, [n, c]);
  // The target's score picked by a one-hot product (not gather): mul and sum differentiate twice.
  const hot = oneHot(reshape(y, [n]), c, { dtype: x.dtype });
  const targetScore = sum(mul(scores, hot), { axis: 1, keepdims: true });
  // z_j = margin − x_y + x_j; the j = y term (always `margin`) is left out.
  const z = add(sub(scores, targetScore), o.margin);
  const hinge = o.p === 1 ? relu(z) : square(relu(z));
  let perSample = sum(mul(hinge, sub(1, hot)), { axis: 1, keepdims: true }).div(c);
  if (w !== null) perSample = mul(perSample, sum(mul(hot, w), { axis: 1, keepdims: true }));
  return reduceLosses(reshape(perSample, layout.positions), o.reduction);
}, { input: 'logits', target: 'classIndex' });

/**
 * The one-vs-all logistic loss of scores `[N, C]` (or `[C]`) against targets in [0, 1] of the
 * same shape: `−[y·logσ(x) + (1 − y)·logσ(−x)]`, times `weight`, averaged over the C classes of
 * each sample; the reduction then runs over the samples.
 */
export const multilabelSoftMarginLoss = withMeta(function multilabelSoftMarginLoss(
  input: Tensor,
  target: Tensor,
  opts?: MultilabelSoftMarginLossOptions,
): Tensor {
  const fn = 'multilabelSoftMarginLoss';
  const { x, y, o } = elementwiseArguments(fn, input, target, opts, MULTILABEL_SOFT_MARGIN_LOSS_OPTIONS);
  if (x.ndim < 1 || x.ndim > 2) throw new EntropicError('SHAPE', fn, `expected input of shape [N, C] or [C], got shape ${shapeToString(x.shape)}`);
  checkValues(fn, 'target', y, 'in [0, 1]', inUnitInterval);
  let losses = neg(add(mul(y, logSigmoid(x)), mul(sub(1, y), logSigmoid(neg(x)))));
  if (o.weight !== undefined) losses = mul(losses, checkWeight(fn, 'weight', o.weight, x.shape));
  return reduceLosses(sum(losses, { axis: -1 }).div(x.shape[x.ndim - 1]!), o.reduction);
}, { input: 'logits', target: 'probabilities' });
