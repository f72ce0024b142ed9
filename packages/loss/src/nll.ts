/** nllLoss: the negative log-likelihood of log-probabilities (crossEntropy = logSoftmax + nllLoss). */
import { type FloatArray, Tensor, backend, isGradEnabled, opt, record } from '@entropic/core';
import { REDUCTION, type ReductionOptions, allocate, classWeight, lossArguments } from './validate.js';
import { IGNORE_INDEX, checkClassTargets, classLayout } from './classes.js';
import { gradOf, reduced } from './reduce.js';
import { withMeta } from './meta.js';
import { nllGradient, upstream } from './higher-order.js';

export interface NllLossOptions extends ReductionOptions {
  /** A weight per class, shape `[C]`. */
  weight?: Tensor;
  /** Class index whose targets contribute nothing (default −100). */
  ignoreIndex?: number;
}

export const NLL_LOSS_OPTIONS = { weight: opt.tensor(), ignoreIndex: IGNORE_INDEX, reduction: REDUCTION };

/**
 * `−w_t·logProbs[n, t]` for log-probabilities `[N, C]`, `[N, C, d1, …]` or `[C]` (e.g. from
 * `logSoftmax(x, { axis: 1 })`) and int32 class indices, as PyTorch's `F.nll_loss`. `'mean'`
 * divides by the sum of the weights of the non-ignored targets (NaN when all are ignored).
 */
export const nllLoss = withMeta(function nllLoss(logProbs: Tensor, target: Tensor, opts?: NllLossOptions): Tensor {
  const fn = 'nllLoss';
  const { x, y, o } = lossArguments(fn, logProbs, target, opts, NLL_LOSS_OPTIONS);
  const { reduction, ignoreIndex } = o;
  const layout = classLayout(fn, x, 'input');
  const { n, c, d } = layout;
  const w = classWeight(fn, o.weight, c);
  const classes = checkClassTargets(fn, y, layout, ignoreIndex, x.shape);
  const out = allocate(x.dtype, reduction === 'none' ? n * d : 1);
  // weightSum: Σ w_t over the non-ignored targets, what 'mean' divides by (0/0 = NaN when all are ignored).
  const { sum: total, weightSum } = backend().nllForward({
    input: x.data as FloatArray, n, c, d, weight: w, target: classes, ignoreIndex, out: reduction === 'none' ? out : null,
  });
  const value = reduced(out, reduction, total, weightSum, layout.positions);
  const scale = reduction === 'mean' ? 1 / weightSum : 1;
  return record(fn, value, [x], (g) => {
    // Recording the backward (createGraph): the same gradient in core ops ('mean' over no target: zeros).
    if (isGradEnabled()) return [nllGradient(upstream(g, reduction, weightSum > 0 ? scale : 0), x, { classes, ignoreIndex, n, c, d }, w)];
    const [gd, g0] = gradOf(g, reduction, scale);
    const gx = allocate(x.dtype, x.size);
    backend().nllBackward({ n, c, d, weight: w, target: classes, ignoreIndex, gradOut: gd, gradScale: g0, gradInput: gx });
    return [Tensor.fromData(gx, x.shape)];
  }, { higherOrder: true });
}, { input: 'logProbabilities', target: 'classIndex' });
