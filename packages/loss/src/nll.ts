/** nllLoss: the negative log-likelihood of log-probabilities (crossEntropy = logSoftmax + nllLoss). */
import { Tensor, mul, opt, record, reshape } from '@entropic/core';
import { REDUCTION, type ReductionOptions, allocate, classWeight, lossArguments } from './validate.js';
import { IGNORE_INDEX, classLayout, weightedTargets } from './classes.js';
import { reduced } from './reduce.js';
import { withMeta } from './meta.js';

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
  const { classes, weights, weightSum } = weightedTargets(fn, y, layout, classWeight(fn, o.weight, c), ignoreIndex, x.shape);
  const xd = x.data;
  const out = allocate(x.dtype, reduction === 'none' ? n * d : 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const p = i * d + j;
      const cls = classes[p]!;
      const l = cls === ignoreIndex ? 0 : -weights[p]! * xd[i * c * d + cls * d + j]!;
      if (reduction === 'none') out[p] = l;
      else total += l;
    }
  }
  const value = reduced(out, reduction, total, weightSum, layout.positions);
  const scale = reduction === 'mean' ? 1 / weightSum : 1;
  // The loss is linear in the input: its gradient is g times a constant, −w_t·scale at each target
  // and 0 elsewhere, written as a product of core ops so that it can be differentiated again.
  return record(fn, value, [x], (g) => {
    const coef = allocate(x.dtype, x.size);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const p = i * d + j;
        const cls = classes[p]!;
        if (cls !== ignoreIndex) coef[i * c * d + cls * d + j] = -weights[p]! * scale;
      }
    }
    // A per-position gradient ('none') broadcasts along the class axis.
    const perPosition = reduction === 'none' && x.ndim > 1 ? reshape(g, [n, 1, ...x.shape.slice(2)]) : g;
    return [mul(perPosition, Tensor.fromData(coef, x.shape))];
  });
}, { input: 'logProbabilities', target: 'classIndex' });
