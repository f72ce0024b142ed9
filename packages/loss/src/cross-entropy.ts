/**
 * crossEntropy: a fused, stable log-softmax + negative log-likelihood over class axis 1, forward
 * and backward (gradient `softmax − target`), never `log(softmax(x))`. Class-index targets
 * (int32) and probability targets (float, one-hot or soft) share the softmax pass.
 */
import { EntropicError, Tensor, describeValue, isGradEnabled, opt, record, sameShape, shapeToString } from '@entropic/core';
import { REDUCTION, type ReductionOptions, allocate, checkNoNaN, classWeight, lossArguments, resultDType } from './validate.js';
import { type ClassLayout, IGNORE_INDEX, type WeightedTargets, classLayout, weightedTargets } from './classes.js';
import { gradOf, reduced } from './reduce.js';
import { withMeta } from './meta.js';

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
 * What the forward pass leaves for the backward, per position: the max, Σ_{c ≠ argmax} exp(x_c − max)
 * (`rest`: Σ exp = 1 + rest) and the argmax; and exp(x − max) per element when a gradient is needed.
 */
interface Softmax {
  m: Float64Array;
  rest: Float64Array;
  arg: Int32Array;
  /**
   * exp(x_c − m) for every element, in the input's dtype: p_c·S − t_c has no cancellation that a
   * float32 e would worsen except at the argmax, which uses `rest` (double).
   */
  e: Float32Array | Float64Array | null;
}

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
  return indexTarget(x, weightedTargets(fn, y, layout, w, ignoreIndex, x.shape), layout, w, eps, reduction);
}, { input: 'logits', target: 'classIndex' });

/**
 * One stable softmax pass. Numerical trap: Σ exp is kept as 1 + rest, the argmax's term 1 split
 * off, so log Σ = log1p(rest) and 1 − p_max = rest/(1 + rest) stay exact for a confident
 * prediction (rest ≈ 1e-30), where log(1 + rest) and p − 1 would round to 0.
 */
function softmaxPass(x: Tensor, { n, c, d }: ClassLayout, keep: boolean): Softmax {
  const xd = x.data;
  const positions = n * d;
  const m = new Float64Array(positions);
  const rest = new Float64Array(positions);
  const arg = new Int32Array(positions);
  const e = keep ? allocate(x.dtype, n * c * d) : null;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const base = i * c * d + j;
      // Subtracting the max keeps every exp ≤ 1 (no overflow at logits of 1e3).
      let mx = Number.NEGATIVE_INFINITY;
      let am = 0;
      for (let k = 0, at = base; k < c; k++, at += d) {
        const v = xd[at]!;
        // NaN must win (as PyTorch: a NaN logit gives a NaN loss that the caller can see).
        if (v > mx || Number.isNaN(v)) {
          mx = v;
          am = k;
        }
      }
      let sum = 0;
      for (let k = 0, at = base; k < c; k++, at += d) {
        const ek = Math.exp(xd[at]! - mx);
        if (e !== null) e[at] = ek;
        if (k !== am) sum += ek;
      }
      m[i * d + j] = mx;
      rest[i * d + j] = sum;
      arg[i * d + j] = am;
    }
  }
  return { m, rest, arg, e };
}

function indexTarget(
  x: Tensor, targets: WeightedTargets, layout: ClassLayout, w: ArrayLike<number> | null, eps: number,
  reduction: 'mean' | 'sum' | 'none',
): Tensor {
  const { classes: t, weights, weightSum, ignoreIndex } = targets;
  const { n, c, d } = layout;
  const xd = x.data;
  const positions = n * d;
  const sm = softmaxPass(x, layout, isGradEnabled() && x.requiresGrad);
  const out = allocate(x.dtype, reduction === 'none' ? positions : 1);
  let wSum = 0;
  for (let k = 0; k < c; k++) wSum += w === null ? 1 : w[k]!;
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const p = i * d + j;
      const cls = t[p]!;
      let l = 0;
      if (cls !== ignoreIndex) {
        const base = i * c * d + j;
        const mx = sm.m[p]!;
        const logS = Math.log1p(sm.rest[p]!);
        const wt = weights[p]!;
        // −log p_t = log Σ − (x_t − max): PyTorch's order of operations.
        l = wt * (logS - (xd[base + cls * d]! - mx));
        if (eps > 0) {
          let smooth = 0;
          for (let k = 0, at = base; k < c; k++, at += d) smooth += (w === null ? 1 : w[k]!) * (logS - (xd[at]! - mx));
          l = (1 - eps) * l + (eps / c) * smooth;
        }
      }
      if (reduction === 'none') out[p] = l;
      else total += l;
    }
  }
  // 'mean' divides both the NLL and the smoothing term by the targets' weight sum (0/0 = NaN when all are ignored).
  const value = reduced(out, reduction, total, weightSum, layout.positions);
  const scale = reduction === 'mean' ? 1 / weightSum : 1;
  return record('crossEntropy', value, [x], (g) => {
    const [gd, g0] = gradOf(g, reduction, scale);
    const gx = allocate(x.dtype, x.size);
    const e = sm.e!;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const p = i * d + j;
        const cls = t[p]!;
        if (cls === ignoreIndex) continue; // zero gradient, also when 'mean' divides by 0
        const base = i * c * d + j;
        const kp = gd === null ? g0 : gd[p]!;
        const a = kp * (1 - eps) * weights[p]!;
        const b = (kp * eps) / c;
        const inv = 1 / (1 + sm.rest[p]!);
        for (let k = 0, at = base; k < c; k++, at += d) {
          const pk = e[at]! * inv;
          // (1 − ε)·w_t·(p − onehot) + (ε/C)·(p·Σw − w_c). Numerical trap: p_t − 1 is formed in
          // double before the store (a float32 p_t near 1 would cancel), as −rest/Σ at the argmax.
          let v = k !== cls ? a * pk : k === sm.arg[p] ? -a * sm.rest[p]! * inv : a * pk - a;
          if (eps > 0) v += b * (pk * wSum - (w === null ? 1 : w[k]!));
          gx[at] = v;
        }
      }
    }
    return [Tensor.fromData(gx, x.shape)];
  });
}

function probabilityTarget(
  x: Tensor, y: Tensor, layout: ClassLayout, w: ArrayLike<number> | null, eps: number, reduction: 'mean' | 'sum' | 'none',
): Tensor {
  const { n, c, d } = layout;
  const xd = x.data;
  const yd = y.data;
  const positions = n * d;
  const sm = softmaxPass(x, layout, isGradEnabled() && x.requiresGrad);
  const out = allocate(resultDType(x, y), reduction === 'none' ? positions : 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const p = i * d + j;
      const base = i * c * d + j;
      const mx = sm.m[p]!;
      const logS = Math.log1p(sm.rest[p]!);
      let l = 0;
      for (let k = 0, at = base; k < c; k++, at += d) {
        const tk = eps > 0 ? yd[at]! * (1 - eps) + eps / c : yd[at]!;
        l += (w === null ? 1 : w[k]!) * tk * (logS - (xd[at]! - mx));
      }
      if (reduction === 'none') out[p] = l;
      else total += l;
    }
  }
  const value = reduced(out, reduction, total, positions, layout.positions);
  const scale = reduction === 'mean' ? 1 / positions : 1;
  return record('crossEntropy', value, [x, y], (g) => {
    const [gd, g0] = gradOf(g, reduction, scale);
    const gx = x.requiresGrad ? allocate(x.dtype, x.size) : null;
    const gy = y.requiresGrad ? allocate(y.dtype, y.size) : null;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const p = i * d + j;
        const base = i * c * d + j;
        const kp = gd === null ? g0 : gd[p]!;
        if (gx !== null) {
          const e = sm.e!;
          const inv = 1 / (1 + sm.rest[p]!);
          // softmax·Σ_c w_c t_c − w·t: the targets need not sum to 1.
          let sw = 0;
          for (let k = 0, at = base; k < c; k++, at += d) sw += (w === null ? 1 : w[k]!) * (eps > 0 ? yd[at]! * (1 - eps) + eps / c : yd[at]!);
          for (let k = 0, at = base; k < c; k++, at += d) {
            const tk = eps > 0 ? yd[at]! * (1 - eps) + eps / c : yd[at]!;
            gx[at] = kp * (e[at]! * inv * sw - (w === null ? 1 : w[k]!) * tk);
          }
        }
        if (gy !== null) {
          const logS = Math.log1p(sm.rest[p]!);
          const mx = sm.m[p]!;
          for (let k = 0, at = base; k < c; k++, at += d) gy[at] = kp * (1 - eps) * (w === null ? 1 : w[k]!) * (logS - (xd[at]! - mx));
        }
      }
    }
    return [gx && Tensor.fromData(gx, x.shape), gy && Tensor.fromData(gy, y.shape)];
  });
}
