/** The squared error, regression's loss (the article contrasts it with cross-entropy). */
import { type FloatArray, Tensor, backend, isGradEnabled, record } from '@entropic/core';
import { REDUCTION, type ReductionOptions, allocate, checkNoNaN, checkSameShape, lossArguments, reduceScale, resultDType } from './validate.js';
import { gradOf, reduced } from './reduce.js';
import { withMeta } from './meta.js';
import { mseGradients, upstream } from './higher-order.js';

/** Options of {@link mseLoss}: the reduction. */
export type MseLossOptions = ReductionOptions;

export const MSE_LOSS_OPTIONS = { reduction: REDUCTION };

/**
 * `(input − target)²`, reduced. Gradient `2·(input − target)` (÷ n for `'mean'`), and its
 * negative for a target that requires grad. Input and target must have the same shape
 * (PyTorch broadcasts with a warning; Entropic refuses).
 */
export const mseLoss = withMeta(function mseLoss(input: Tensor, target: Tensor, opts?: MseLossOptions): Tensor {
  const fn = 'mseLoss';
  const { x, y, o } = lossArguments(fn, input, target, opts, MSE_LOSS_OPTIONS);
  const { reduction } = o;
  checkSameShape(fn, x, y);
  checkNoNaN(fn, 'target', y);
  const n = x.size;
  const xd = x.data as FloatArray;
  const yd = y.data;
  const out = allocate(resultDType(x, y), reduction === 'none' ? n : 1);
  const total = backend().mseForward({ input: xd, target: yd, out: reduction === 'none' ? out : null });
  const value = reduced(out, reduction, total, n, x.shape);
  const scale = reduceScale(reduction, n);
  return record(fn, value, [x, y], (g) => {
    // Recording the backward (createGraph): the same gradient in core ops, differentiable again.
    if (isGradEnabled()) return mseGradients(upstream(g, reduction, scale), x, y);
    const [gd, g0] = gradOf(g, reduction, scale);
    const gx = x.requiresGrad ? allocate(x.dtype, n) : null;
    const gy = y.requiresGrad ? allocate(y.dtype, n) : null;
    backend().mseBackward({ input: xd, target: yd, gradOut: gd, gradScale: g0, gradInput: gx, gradTarget: gy });
    return [gx && Tensor.fromData(gx, x.shape), gy && Tensor.fromData(gy, y.shape)];
  }, { higherOrder: true });
}, { input: 'values', target: 'values' });
