/** klDiv: the Kullback–Leibler divergence of a target distribution from log-probabilities, as `F.kl_div`. */
import { type Tensor, exp, mul, opt, sub, sum, xlogy } from '@entropic/core';
import { elementwiseArguments, checkValues } from './validate.js';
import { reduceLosses } from './reduce.js';
import { withMeta } from './meta.js';

/** Options of {@link klDiv}. */
export interface KlDivOptions {
  /**
   * `'mean'` (default; PyTorch's, the mean over every element), `'batchmean'` (the sum divided
   * by the batch size: the true KL divergence per sample), `'sum'` or `'none'`.
   */
  reduction?: 'mean' | 'batchmean' | 'sum' | 'none';
  /** The target is given as log-probabilities (default false: probabilities). */
  logTarget?: boolean;
}

export const KL_DIV_OPTIONS = {
  reduction: opt.oneOf(['mean', 'batchmean', 'sum', 'none'] as const, { default: 'mean' }),
  logTarget: opt.boolean({ default: false }),
};

/**
 * `t·(log t − input)` per element for log-probabilities `input` and probabilities `t` (0 where
 * t = 0: `xlogy(t, t) − t·input`, as PyTorch), or `exp(t)·(t − input)` with `logTarget`. Use
 * `reduction: 'batchmean'` for the divergence per sample. The target must have the input's shape;
 * probability targets must be ≥ 0.
 */
export const klDiv = withMeta(function klDiv(logProbs: Tensor, target: Tensor, opts?: KlDivOptions): Tensor {
  const fn = 'klDiv';
  const { x, y, o } = elementwiseArguments(fn, logProbs, target, opts, KL_DIV_OPTIONS);
  if (!o.logTarget) checkValues(fn, 'target', y, 'to be probabilities (≥ 0)', (v) => v >= 0, '; pass { logTarget: true } for log-probabilities');
  const losses = o.logTarget ? mul(exp(y), sub(y, x)) : sub(xlogy(y, y), mul(y, x));
  if (o.reduction !== 'batchmean') return reduceLosses(losses, o.reduction);
  // As PyTorch: the sum over the batch size (the first dimension), and just the sum for a 0-d input.
  const total = sum(losses);
  return x.ndim === 0 ? total : total.div(x.shape[0]!);
}, { input: 'logProbabilities', target: 'probabilities' });
