/**
 * Binary cross-entropy on probabilities and on logits: fused forward and backward kernels of the
 * active backend (one graph node each). Arithmetic is done in double precision whatever the
 * dtype; float32 results are rounded once, on store.
 */
import { type FloatArray, Tensor, backend, isGradEnabled, opt, record } from '@entropic/core';
import {
  REDUCTION, type ReductionOptions, allocate, broadcastWeight, checkNoNaN, checkSameShape, checkValues, inUnitInterval,
  lossArguments, reduceScale, resultDType,
} from './validate.js';
import { gradOf, reduced } from './reduce.js';
import { withMeta } from './meta.js';
import { bceGradients, bceWithLogitsGradients, upstream } from './higher-order.js';

export interface BinaryCrossEntropyOptions extends ReductionOptions {
  /** Rescales each element's loss; broadcast against the input (e.g. `[C]` for an `[N, C]` input). */
  weight?: Tensor;
}

export interface BinaryCrossEntropyWithLogitsOptions extends BinaryCrossEntropyOptions {
  /**
   * Weight of the positive term `y·log σ(x)`, broadcast against the input: a `[C]` posWeight
   * gives each class (last axis) its own. `posWeight = negatives / positives` balances a class.
   */
  posWeight?: Tensor;
}

export const BINARY_CROSS_ENTROPY_OPTIONS = { weight: opt.tensor(), reduction: REDUCTION };
export const BINARY_CROSS_ENTROPY_WITH_LOGITS_OPTIONS = { weight: opt.tensor(), posWeight: opt.tensor(), reduction: REDUCTION };

// PyTorch's clamps (the CPU kernel in core's backend uses the same). Numerical trap: each log is
// clamped at −100 so p ∈ {0, 1} gives a finite loss (100, not ∞), and the gradient's denominator
// p(1 − p) at 1e-12 (±1e12 at p ∈ {0, 1}, never a division by zero).
const LOG_FLOOR = -100;
const GRAD_EPS = 1e-12;

/**
 * The log loss of probabilities `probs` against targets in [0, 1]:
 * `−w·[y·log p + (1 − y)·log(1 − p)]`, each log clamped at −100 as PyTorch, so probabilities of
 * exactly 0 or 1 give finite values and gradients. Throws for probabilities or targets outside
 * [0, 1] (naming the first), and for a target of another shape.
 */
export const binaryCrossEntropy = withMeta(function binaryCrossEntropy(probs: Tensor, target: Tensor, opts?: BinaryCrossEntropyOptions): Tensor {
  const fn = 'binaryCrossEntropy';
  const { x, y, o } = lossArguments(fn, probs, target, opts, BINARY_CROSS_ENTROPY_OPTIONS);
  const { reduction } = o;
  checkSameShape(fn, x, y);
  checkValues(fn, 'input', x, 'in [0, 1]', inUnitInterval);
  checkValues(fn, 'target', y, 'in [0, 1]', inUnitInterval);
  const w = o.weight === undefined ? null : broadcastWeight(fn, 'weight', o.weight, x.shape);
  const dtype = resultDType(x, y);
  const n = x.size;
  const xd = x.data as FloatArray;
  const yd = y.data;
  const out = allocate(dtype, reduction === 'none' ? n : 1);
  const total = backend().bceForward({ input: xd, target: yd, weight: w, out: reduction === 'none' ? out : null });
  const value = reduced(out, reduction, total, n, x.shape);
  const scale = reduceScale(reduction, n);
  return record(fn, value, [x, y], (g) => {
    // Recording the backward (createGraph): the same gradient in core ops, differentiable again.
    if (isGradEnabled()) return bceGradients(upstream(g, reduction, scale), x, y, w, GRAD_EPS, LOG_FLOOR);
    const [gd, g0] = gradOf(g, reduction, scale);
    const gx = x.requiresGrad ? allocate(x.dtype, n) : null;
    const gy = y.requiresGrad ? allocate(y.dtype, n) : null;
    backend().bceBackward({ input: xd, target: yd, weight: w, gradOut: gd, gradScale: g0, gradInput: gx, gradTarget: gy });
    return [gx && Tensor.fromData(gx, x.shape), gy && Tensor.fromData(gy, y.shape)];
  }, { higherOrder: true });
}, { input: 'probabilities', target: 'probabilities' });

/**
 * Binary cross-entropy of logits, the stable form of `binaryCrossEntropy(sigmoid(x), y)`:
 * `w·[(1 − y)·softplus(x) + posWeight·y·softplus(−x)]`, finite for logits of ±1e4, with the
 * fused gradient `w·[(1 − y)·σ(x) − posWeight·y·(1 − σ(x))]` (`σ(x) − y` without posWeight).
 */
export const binaryCrossEntropyWithLogits = withMeta(function binaryCrossEntropyWithLogits(
  logits: Tensor,
  target: Tensor,
  opts?: BinaryCrossEntropyWithLogitsOptions,
): Tensor {
  const fn = 'binaryCrossEntropyWithLogits';
  const { x, y, o } = lossArguments(fn, logits, target, opts, BINARY_CROSS_ENTROPY_WITH_LOGITS_OPTIONS);
  const { reduction } = o;
  checkSameShape(fn, x, y);
  checkNoNaN(fn, 'target', y);
  const w = o.weight === undefined ? null : broadcastWeight(fn, 'weight', o.weight, x.shape);
  const pw = o.posWeight === undefined ? null : broadcastWeight(fn, 'posWeight', o.posWeight, x.shape);
  const dtype = resultDType(x, y);
  const n = x.size;
  const xd = x.data as FloatArray;
  const yd = y.data;
  const out = allocate(dtype, reduction === 'none' ? n : 1);
  // e = exp(−|x|) ∈ (0, 1] is all the backward needs: kept (in the input's dtype) when it will run.
  const cache = isGradEnabled() && (x.requiresGrad || y.requiresGrad) ? allocate(x.dtype, n) : null;
  const total = backend().bceWithLogitsForward({
    input: xd, target: yd, weight: w, posWeight: pw, out: reduction === 'none' ? out : null, cache,
  });
  const value = reduced(out, reduction, total, n, x.shape);
  const scale = reduceScale(reduction, n);
  return record(fn, value, [x, y], (g) => {
    if (isGradEnabled()) return bceWithLogitsGradients(upstream(g, reduction, scale), x, y, w, pw);
    const [gd, g0] = gradOf(g, reduction, scale);
    const gx = x.requiresGrad ? allocate(x.dtype, n) : null;
    const gy = y.requiresGrad ? allocate(y.dtype, n) : null;
    backend().bceWithLogitsBackward({
      input: xd, target: yd, weight: w, posWeight: pw, cache: cache!, gradOut: gd, gradScale: g0, gradInput: gx, gradTarget: gy,
    });
    return [gx && Tensor.fromData(gx, x.shape), gy && Tensor.fromData(gy, y.shape)];
  }, { higherOrder: true });
}, { input: 'logits', target: 'probabilities' });
