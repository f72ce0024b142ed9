/**
 * Binary cross-entropy on probabilities and on logits: fused forward and backward kernels on
 * typed arrays (one graph node each). Arithmetic is done in double precision whatever the
 * dtype; float32 results are rounded once, on store.
 */
import { Tensor, isGradEnabled, opt, record } from '@entropic/core';
import {
  REDUCTION, type ReductionOptions, allocate, broadcastWeight, checkNoNaN, checkSameShape, checkValues, inUnitInterval,
  lossArguments, reduceScale, resultDType,
} from './validate.js';
import { gradOf, reduced } from './reduce.js';
import { withMeta } from './meta.js';

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

/** Numerical trap: PyTorch clamps each log at −100 so p ∈ {0, 1} gives a finite loss (100, not ∞). */
const LOG_FLOOR = -100;
/** PyTorch's floor on p(1 − p) in the gradient: ±1e12 at p ∈ {0, 1}, never a division by zero. */
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
  const xd = x.data;
  const yd = y.data;
  const out = allocate(dtype, reduction === 'none' ? n : 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const p = xd[i]!;
    const t = yd[i]!;
    // log1p(−p), not log(1 − p): exact for tiny p, where 1 − p rounds to 1.
    let l = (t - 1) * Math.max(Math.log1p(-p), LOG_FLOOR) - t * Math.max(Math.log(p), LOG_FLOOR);
    if (w !== null) l *= w[i]!;
    if (reduction === 'none') out[i] = l;
    else total += l;
  }
  const value = reduced(out, reduction, total, n, x.shape);
  const scale = reduceScale(reduction, n);
  return record(fn, value, [x, y], (g) => {
    const [gd, g0] = gradOf(g, reduction, scale);
    const gx = x.requiresGrad ? allocate(x.dtype, n) : null;
    const gy = y.requiresGrad ? allocate(y.dtype, n) : null;
    for (let i = 0; i < n; i++) {
      const p = xd[i]!;
      const t = yd[i]!;
      const k = (gd === null ? g0 : gd[i]!) * (w === null ? 1 : w[i]!);
      if (gx !== null) gx[i] = (k * (p - t)) / Math.max((1 - p) * p, GRAD_EPS);
      if (gy !== null) gy[i] = k * (Math.max(Math.log1p(-p), LOG_FLOOR) - Math.max(Math.log(p), LOG_FLOOR));
    }
    return [gx && Tensor.fromData(gx, x.shape), gy && Tensor.fromData(gy, y.shape)];
  });
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
  const xd = x.data;
  const yd = y.data;
  const out = allocate(dtype, reduction === 'none' ? n : 1);
  // e = exp(−|x|) ∈ (0, 1] is all the backward needs: kept (in the input's dtype) when it will run.
  const cache = isGradEnabled() && (x.requiresGrad || y.requiresGrad) ? allocate(x.dtype, n) : null;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const z = xd[i]!;
    const t = yd[i]!;
    // softplus(±x) = max(±x, 0) + log1p(e): one exp and one log1p for both, never overflowing,
    // and exact where they are tiny. Numerical trap: PyTorch's (1 − y)·x + softplus(−x) cancels
    // catastrophically for y = 0, x ≪ 0 (−30 + 30.0000…1); this sum of two non-negative terms does not.
    const e = Math.exp(-Math.abs(z));
    const a = Math.log1p(e);
    if (cache !== null) cache[i] = e;
    const pos = t * (Math.max(-z, 0) + a);
    let l = (1 - t) * (Math.max(z, 0) + a) + (pw === null ? pos : pw[i]! * pos);
    if (w !== null) l *= w[i]!;
    if (reduction === 'none') out[i] = l;
    else total += l;
  }
  const value = reduced(out, reduction, total, n, x.shape);
  const scale = reduceScale(reduction, n);
  return record(fn, value, [x, y], (g) => {
    const [gd, g0] = gradOf(g, reduction, scale);
    const gx = x.requiresGrad ? allocate(x.dtype, n) : null;
    const gy = y.requiresGrad ? allocate(y.dtype, n) : null;
    const ec = cache!;
    for (let i = 0; i < n; i++) {
      const z = xd[i]!;
      const t = yd[i]!;
      const k = (gd === null ? g0 : gd[i]!) * (w === null ? 1 : w[i]!);
      const p = pw === null ? 1 : pw[i]!;
      const e = ec[i]!;
      if (gx !== null) {
        // (1 − y)·σ(x) − posWeight·y·(1 − σ(x)), which is σ(x) − y without posWeight. σ and 1 − σ
        // both come from e without subtraction, so the gradient of a confident logit keeps its digits.
        const inv = 1 / (1 + e);
        const sig = z >= 0 ? inv : e * inv;
        const rest = z >= 0 ? e * inv : inv;
        gx[i] = k * ((1 - t) * sig - p * t * rest);
      }
      if (gy !== null) {
        const a = Math.log1p(e);
        gy[i] = k * (p * (Math.max(-z, 0) + a) - (Math.max(z, 0) + a));
      }
    }
    return [gx && Tensor.fromData(gx, x.shape), gy && Tensor.fromData(gy, y.shape)];
  });
}, { input: 'logits', target: 'probabilities' });
