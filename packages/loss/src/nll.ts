/** nllLoss: the negative log-likelihood of log-probabilities (crossEntropy = logSoftmax + nllLoss). */
import { type FloatArray, Tensor, backend, record } from '@entropic/core';
import {
  type ReductionOptions, allocate, checkFloatTensor, checkOptions, checkReduction, checkTensor, classWeight,
} from './validate.js';
import { checkClassTargets, checkIgnoreIndex, classLayout } from './classes.js';
import { gradOf, reduced } from './reduce.js';

export interface NllLossOptions extends ReductionOptions {
  /** A weight per class, shape `[C]`. */
  weight?: Tensor;
  /** Class index whose targets contribute nothing (default −100). */
  ignoreIndex?: number;
}

const NLL_KEYS = ['weight', 'ignoreIndex', 'reduction'] as const;

/**
 * `−w_t·logProbs[n, t]` for log-probabilities `[N, C]`, `[N, C, d1, …]` or `[C]` (e.g. from
 * `logSoftmax(x, { axis: 1 })`) and int32 class indices, as PyTorch's `F.nll_loss`. `'mean'`
 * divides by the sum of the weights of the non-ignored targets (NaN when all are ignored).
 */
export function nllLoss(logProbs: Tensor, target: Tensor, opts?: NllLossOptions): Tensor {
  const fn = 'nllLoss';
  const o = checkOptions(fn, opts, NLL_KEYS);
  const reduction = checkReduction(fn, o.reduction);
  const x = checkFloatTensor(fn, 'input', logProbs);
  const y = checkTensor(fn, 'target', target);
  const ignoreIndex = checkIgnoreIndex(fn, o.ignoreIndex);
  const layout = classLayout(fn, x, 'input');
  const { n, c, d } = layout;
  const w = classWeight(fn, o.weight, c);
  const t = checkClassTargets(fn, y, layout, ignoreIndex, x.shape);
  const positions = n * d;
  const out = allocate(x.dtype, reduction === 'none' ? positions : 1);
  const { sum: total, weightSum: weightTotal } = backend().nllForward({
    input: x.data as FloatArray, n, c, d, weight: w, target: t, ignoreIndex, out: reduction === 'none' ? out : null,
  });
  const value = reduced(out, reduction, total, weightTotal, layout.positions);
  const scale = reduction === 'mean' ? 1 / weightTotal : 1;
  return record(fn, value, [x], (g) => {
    const [gd, g0] = gradOf(g, reduction, scale);
    const gx = allocate(x.dtype, x.size);
    backend().nllBackward({ n, c, d, weight: w, target: t, ignoreIndex, gradOut: gd, gradScale: g0, gradInput: gx });
    return [Tensor.fromData(gx, x.shape)];
  });
}
