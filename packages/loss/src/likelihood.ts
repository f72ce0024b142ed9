/**
 * Negative log-likelihoods of count and real-valued data, as `torch.nn.functional`: Poisson
 * (input a log-rate or a rate) and Gaussian (input a mean, with a predicted variance).
 */
import {
  EntropicError, type Tensor, add, clamp, div, exp, gt, log, mul, noGrad, opt, sameShape, shapeToString, square, sub,
  where, xlogy,
} from '@entropic/core';
import {
  REDUCTION, type ReductionOptions, checkFloatTensor, checkNoNaN, checkValues, elementwiseArguments,
} from './validate.js';
import { reduceLosses } from './reduce.js';
import { withMeta } from './meta.js';

export interface PoissonNllLossOptions extends ReductionOptions {
  /** The input is log λ (default true); false: the input is the rate λ itself (≥ 0). */
  logInput?: boolean;
  /** Add Stirling's approximation of log(y!) where y > 1, so the value is the full NLL (default false). */
  full?: boolean;
  /** Added to the rate inside the log when `logInput` is false (default 1e-8): log(λ + eps). */
  eps?: number;
}

export interface GaussianNllLossOptions extends ReductionOptions {
  /** Add the constant ½·log(2π) (default false). */
  full?: boolean;
  /** Variances below eps are raised to eps (default 1e-6), for stability; the gradient passes as if unclamped, as PyTorch. */
  eps?: number;
}

export const POISSON_NLL_LOSS_OPTIONS = {
  reduction: REDUCTION,
  logInput: opt.boolean({ default: true }),
  full: opt.boolean({ default: false }),
  eps: opt.number({ min: 0, default: 1e-8 }),
};
export const GAUSSIAN_NLL_LOSS_OPTIONS = {
  reduction: REDUCTION,
  full: opt.boolean({ default: false }),
  eps: opt.number({ min: 0, default: 1e-6 }),
};

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The Poisson NLL of counts `target` (≥ 0) under rate λ: `exp(x) − y·x` for a log-rate x (the
 * default), or `λ − y·log(λ + eps)` for a rate; `full` adds `y·log y − y + ½·log(2πy)` where y > 1.
 */
export const poissonNllLoss = withMeta(function poissonNllLoss(input: Tensor, target: Tensor, opts?: PoissonNllLossOptions): Tensor {
  const fn = 'poissonNllLoss';
  const { x, y, o } = elementwiseArguments(fn, input, target, opts, POISSON_NLL_LOSS_OPTIONS);
  checkValues(fn, 'target', y, 'to be counts (≥ 0)', (v) => v >= 0);
  if (!o.logInput) checkValues(fn, 'input', x, 'to be rates (≥ 0) with logInput: false', (v) => v >= 0, '; pass log-rates with logInput: true');
  let losses = o.logInput ? sub(exp(x), mul(y, x)) : sub(x, mul(y, log(add(x, o.eps))));
  if (o.full) {
    const big = gt(y, 1);
    // Numerical trap: the Stirling term is NaN at y = 0 and would poison y's gradient through
    // `where`; it is computed on y where y > 1 and on 2 elsewhere, then masked.
    const ys = where(big, y, 2);
    const stirling = add(sub(xlogy(ys, ys), ys), mul(log(mul(ys, 2 * Math.PI)), 0.5));
    losses = add(losses, where(big, stirling, 0));
  }
  return reduceLosses(losses, o.reduction);
}, { input: 'values', target: 'values' });

/**
 * The Gaussian NLL of `target` under N(input, variance): `½·(log v + (input − target)² / v)`
 * (+ ½·log 2π with `full`), with v = max(variance, eps). `variance` has the input's shape, or
 * one dimension less or a last dimension of 1 (one variance per sample); it must be ≥ 0.
 */
export const gaussianNllLoss = withMeta(function gaussianNllLoss(
  input: Tensor,
  target: Tensor,
  variance: Tensor,
  opts?: GaussianNllLossOptions,
): Tensor {
  const fn = 'gaussianNllLoss';
  const { x, y, o } = elementwiseArguments(fn, input, target, opts, GAUSSIAN_NLL_LOSS_OPTIONS);
  let v = checkFloatTensor(fn, 'variance', variance);
  const inner = x.shape.slice(0, -1);
  if (!sameShape(v.shape, x.shape)) {
    // As PyTorch: one variance per sample, given as [..., ] or [..., 1].
    if (x.ndim > 0 && sameShape(v.shape, inner)) v = v.reshape([...inner, 1]);
    else if (!(x.ndim > 0 && v.ndim === x.ndim && v.shape[x.ndim - 1] === 1 && sameShape(v.shape.slice(0, -1), inner))) {
      throw new EntropicError('SHAPE', fn, `expected variance of the input's shape ${shapeToString(x.shape)}, or ${shapeToString([...inner, 1])} or ${shapeToString(inner)} (one per sample), got shape ${shapeToString(v.shape)}`);
    }
  }
  checkNoNaN(fn, 'variance', v);
  checkValues(fn, 'variance', v, '≥ 0', (s) => s >= 0);
  // Clamped without blocking the gradient (PyTorch clamps in place under no_grad): v plus a constant
  // shift, 0 where v ≥ eps, so d/dv passes where v < eps too (and differentiates again).
  const vc = add(v, noGrad(() => sub(clamp(v, { min: o.eps }), v)));
  let losses = mul(add(log(vc), div(square(sub(x, y)), vc)), 0.5);
  if (o.full) losses = add(losses, HALF_LOG_TWO_PI);
  return reduceLosses(losses, o.reduction);
}, { input: 'values', target: 'values' });
