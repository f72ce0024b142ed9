/**
 * crossEntropy: a fused, stable log-softmax + negative log-likelihood over class axis 1, forward
 * and backward (gradient `softmax − target`), never `log(softmax(x))`. Class-index targets
 * (int32) and probability targets (float, one-hot or soft) share the softmax pass.
 */
import {
  EntropicError, type FloatArray, type SoftmaxStats, Tensor, type TypedArray, backend, describeValue, isGradEnabled, opt, record,
  sameShape, shapeToString,
} from '@entropic/core';
import { REDUCTION, type ReductionOptions, allocate, checkNoNaN, classWeight, lossArguments, resultDType } from './validate.js';
import { type ClassLayout, IGNORE_INDEX, checkClassTargets, classLayout } from './classes.js';
import { gradOf, reduced } from './reduce.js';
import { withMeta } from './meta.js';
import { crossEntropyIndexGradient, crossEntropyProbabilityGradients, upstream } from './higher-order.js';

export interface CrossEntropyOptions extends ReductionOptions {
  /** A weight per class, shape `[C]`. */
  weight?: Tensor;
  /** Class index whose targets contribute nothing (default −100); class-index targets only. */
  ignoreIndex?: number;
  /** ε in [0, 1]: mixes the target with the uniform distribution, `(1 − ε)·target + ε/C`. */
  labelSmoothing?: number;
}

export const CROSS_ENTROPY_OPTIONS = {
  weight: opt.tensor(),
  ignoreIndex: IGNORE_INDEX,
  reduction: REDUCTION,
  labelSmoothing: opt.number({ min: 0, max: 1, default: 0 }),
};

/**
 * Cross-entropy of logits `[N, C]`, `[N, C, d1, …]` or `[C]` against int32 class indices
 * (`[N]`, `[N, d1, …]`, `[]`) or class probabilities of the logits' shape, as PyTorch's
 * `F.cross_entropy`. With class indices, `'mean'` divides by the sum of the weights of the
 * non-ignored targets: when every target is ignored that is 0/0 and the value is NaN (the
 * gradient is zero), exactly as PyTorch; `'sum'` gives 0. With probabilities `'mean'` divides
 * by the number of positions N·d1·…, whatever the weights. Stable for logits of ±1e3.
 */
export const crossEntropy = withMeta(function crossEntropy(logits: Tensor, target: Tensor, opts?: CrossEntropyOptions): Tensor {
  const fn = 'crossEntropy';
  const { x, y, o } = lossArguments(fn, logits, target, opts, CROSS_ENTROPY_OPTIONS);
  const { reduction, ignoreIndex, labelSmoothing: eps } = o;
  const layout = classLayout(fn, x, 'input');
  const w = classWeight(fn, o.weight, layout.c);
  if (y.dtype !== 'int32' && sameShape(y.shape, x.shape)) {
    if (ignoreIndex >= 0) {
      throw new EntropicError('OPTION', fn, `ignoreIndex applies to class-index targets only, got ignoreIndex ${ignoreIndex} with probability targets of shape ${shapeToString(y.shape)}`);
    }
    checkNoNaN(fn, 'target', y);
    return probabilityTarget(x, y, layout, w, eps, reduction);
  }
  if (y.dtype !== 'int32' && !sameShape(y.shape, layout.positions)) {
    throw new EntropicError('SHAPE', fn, `expected target of shape ${shapeToString(layout.positions)} (int32 class indices) or ${shapeToString(x.shape)} (class probabilities) for input of shape ${shapeToString(x.shape)}, got ${describeValue(y)}`);
  }
  return indexTarget(x, checkClassTargets(fn, y, layout, ignoreIndex, x.shape), layout, w, ignoreIndex, eps, reduction);
}, { input: 'logits', target: 'classIndex' });

/**
 * Room for what the kernel's softmax pass leaves for the backward pass (see `SoftmaxStats`):
 * per position max, rest and argmax, and exp(x − max) per element when a gradient will be needed.
 */
function softmaxStats(x: Tensor, { n, c, d }: ClassLayout, keep: boolean): SoftmaxStats {
  const positions = n * d;
  const b = backend();
  return {
    max: b.allocate('float64', positions) as Float64Array,
    rest: b.allocate('float64', positions) as Float64Array,
    argmax: b.allocate('int32', positions) as Int32Array,
    exp: keep ? allocate(x.dtype, n * c * d) : null,
  };
}

function indexTarget(
  x: Tensor, classes: Int32Array, layout: ClassLayout, w: TypedArray | null, ignoreIndex: number, eps: number,
  reduction: 'mean' | 'sum' | 'none',
): Tensor {
  const { n, c, d } = layout;
  const positions = n * d;
  const stats = softmaxStats(x, layout, isGradEnabled() && x.requiresGrad);
  const out = allocate(x.dtype, reduction === 'none' ? positions : 1);
  const { sum: total, weightSum } = backend().crossEntropyForward({
    input: x.data as FloatArray, n, c, d, weight: w, target: classes, ignoreIndex, smoothing: eps, stats,
    out: reduction === 'none' ? out : null,
  });
  // 'mean' divides both the NLL and the smoothing term by the targets' weight sum (0/0 = NaN when all are ignored).
  const value = reduced(out, reduction, total, weightSum, layout.positions);
  const scale = reduction === 'mean' ? 1 / weightSum : 1;
  return record('crossEntropy', value, [x], (g) => {
    // Recording the backward (createGraph): the same gradient in core ops ('mean' over no target: zeros).
    if (isGradEnabled()) {
      return [crossEntropyIndexGradient(upstream(g, reduction, weightSum > 0 ? scale : 0), x, { classes, ignoreIndex, n, c, d }, w, eps)];
    }
    const [gd, g0] = gradOf(g, reduction, scale);
    const gx = allocate(x.dtype, x.size);
    backend().crossEntropyBackward({
      n, c, d, weight: w, target: classes, ignoreIndex, smoothing: eps, stats, gradOut: gd, gradScale: g0, gradInput: gx,
    });
    return [Tensor.fromData(gx, x.shape)];
  }, { higherOrder: true });
}

function probabilityTarget(
  x: Tensor, y: Tensor, layout: ClassLayout, w: TypedArray | null, eps: number, reduction: 'mean' | 'sum' | 'none',
): Tensor {
  const { n, c, d } = layout;
  const xd = x.data as FloatArray;
  const yd = y.data;
  const positions = n * d;
  const stats = softmaxStats(x, layout, isGradEnabled() && x.requiresGrad);
  const out = allocate(resultDType(x, y), reduction === 'none' ? positions : 1);
  const total = backend().softCrossEntropyForward({
    input: xd, n, c, d, weight: w, target: yd, smoothing: eps, stats, out: reduction === 'none' ? out : null,
  });
  const value = reduced(out, reduction, total, positions, layout.positions);
  const scale = reduction === 'mean' ? 1 / positions : 1;
  return record('crossEntropy', value, [x, y], (g) => {
    if (isGradEnabled()) return crossEntropyProbabilityGradients(upstream(g, reduction, scale), x, y, w, eps);
    const [gd, g0] = gradOf(g, reduction, scale);
    const gx = x.requiresGrad ? allocate(x.dtype, x.size) : null;
    const gy = y.requiresGrad ? allocate(y.dtype, y.size) : null;
    backend().softCrossEntropyBackward({
      input: xd, n, c, d, weight: w, target: yd, smoothing: eps, stats, gradOut: gd, gradScale: g0, gradInput: gx, gradTarget: gy,
    });
    return [gx && Tensor.fromData(gx, x.shape), gy && Tensor.fromData(gy, y.shape)];
  }, { higherOrder: true });
}
