/**
 * The fused losses' gradients written with core ops, used when the backward pass itself is
 * recorded (`backward(…, { createGraph: true })`, `hessian`, `hvp`, `grad(grad(…))`): the same
 * formulas as the kernels, so they can be differentiated again. The kernels stay the fast path
 * for ordinary first-order gradients.
 */
import {
  type DType, type Tensor, add, div, log, log1p, logSoftmax, maximum, mul, neg, reshape, sigmoid, softmax, softplus, sub,
  sum, tensor,
} from '@entropic/core';
import type { Reduction } from './validate.js';

/** The output gradient as each element sees it: g itself for 'none', g·scale (0-d) otherwise. */
export function upstream(g: Tensor, reduction: Reduction, scale: number): Tensor {
  return reduction === 'none' ? g : mul(g, scale);
}

function constant(values: ArrayLike<number>, shape: readonly number[], dtype: DType): Tensor {
  return tensor(Array.from(values), { dtype, shape: [...shape] });
}

/** k·w, with w the elementwise weight (already broadcast to the input's shape) when there is one. */
function weighted(k: Tensor, w: ArrayLike<number> | null, x: Tensor): Tensor {
  return w === null ? k : mul(k, constant(w, x.shape, x.dtype));
}

/** binaryCrossEntropy: d/dp = k·w·(p − y)/max(p(1 − p), 1e-12), d/dy = k·w·(max(log1p(−p), −100) − max(log p, −100)). */
export function bceGradients(k: Tensor, x: Tensor, y: Tensor, w: ArrayLike<number> | null, gradEps: number, logFloor: number): (Tensor | null)[] {
  const kw = weighted(k, w, x);
  return [
    x.requiresGrad ? div(mul(kw, sub(x, y)), maximum(mul(x, sub(1, x)), gradEps)) : null,
    y.requiresGrad ? mul(kw, sub(maximum(log1p(neg(x)), logFloor), maximum(log(x), logFloor))) : null,
  ];
}

/**
 * binaryCrossEntropyWithLogits: d/dx = k·w·((1 − y)·σ(x) − pw·y·σ(−x)),
 * d/dy = k·w·(pw·softplus(−x) − softplus(x)).
 */
export function bceWithLogitsGradients(
  k: Tensor, x: Tensor, y: Tensor, w: ArrayLike<number> | null, posWeight: ArrayLike<number> | null,
): (Tensor | null)[] {
  const kw = weighted(k, w, x);
  const pw = posWeight === null ? null : constant(posWeight, x.shape, x.dtype);
  const pos = pw === null ? y : mul(pw, y);
  return [
    x.requiresGrad ? mul(kw, sub(mul(sub(1, y), sigmoid(x)), mul(pos, sigmoid(neg(x))))) : null,
    y.requiresGrad ? mul(kw, sub(pw === null ? softplus(neg(x)) : mul(pw, softplus(neg(x))), softplus(x))) : null,
  ];
}

/** mseLoss: d/dx = 2k·(x − y), d/dy = −2k·(x − y). */
export function mseGradients(k: Tensor, x: Tensor, y: Tensor): (Tensor | null)[] {
  const d = mul(mul(k, 2), sub(x, y));
  return [x.requiresGrad ? d : null, y.requiresGrad ? neg(d) : null];
}

/** The class axis of a loss input: 1, or 0 for an unbatched `[C]` input. */
function classAxis(x: Tensor): number {
  return x.ndim === 1 ? 0 : 1;
}

/** k per position, with a unit class axis so it broadcasts against the input. */
function perPosition(k: Tensor, x: Tensor): Tensor {
  if (k.ndim === 0) return k;
  return reshape(k, x.shape.map((d, i) => (i === classAxis(x) ? 1 : d)));
}

/** Per-position class-index data: the target class (or −1 when ignored) at each position. */
export interface IndexTargets {
  /** Class per position (row-major over `[N, d1, …]`), `ignoreIndex` where ignored. */
  classes: Int32Array;
  ignoreIndex: number;
  n: number;
  c: number;
  d: number;
}

/**
 * `coef` (per position) and `B` (per element) such that the gradient of crossEntropy with class
 * indices, weights and label smoothing ε is `k·(softmax·coef − B)`, and that of nllLoss is `−k·B`
 * (ε = 0, no softmax): coef = (1 − ε)·w_t + (ε/C)·Σw, B_c = (1 − ε)·w_t·[c = t] + (ε/C)·w_c,
 * both 0 at ignored positions.
 */
function indexConstants(x: Tensor, t: IndexTargets, w: ArrayLike<number> | null, eps: number): [Tensor, Tensor] {
  const { classes, ignoreIndex, n, c, d } = t;
  let wSum = 0;
  for (let k = 0; k < c; k++) wSum += w === null ? 1 : w[k]!;
  const coef = new Float64Array(n * d);
  const B = new Float64Array(n * c * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const p = i * d + j;
      const cls = classes[p]!;
      if (cls === ignoreIndex) continue;
      const wt = w === null ? 1 : w[cls]!;
      coef[p] = (1 - eps) * wt + (eps / c) * wSum;
      for (let k = 0; k < c; k++) B[i * c * d + k * d + j] = (k === cls ? (1 - eps) * wt : 0) + (eps / c) * (w === null ? 1 : w[k]!);
    }
  }
  const kept = x.shape.map((s, i) => (i === classAxis(x) ? 1 : s));
  return [constant(coef, kept, x.dtype), constant(B, x.shape, x.dtype)];
}

/** crossEntropy with class indices: d/dx = k·(softmax(x)·coef − B). */
export function crossEntropyIndexGradient(k: Tensor, x: Tensor, t: IndexTargets, w: ArrayLike<number> | null, eps: number): Tensor {
  const [coef, B] = indexConstants(x, t, w, eps);
  return mul(perPosition(k, x), sub(mul(softmax(x, { axis: classAxis(x) }), coef), B));
}

/** nllLoss: d/dx = −k·B (with ε = 0); linear in the output gradient, constant in x. */
export function nllGradient(k: Tensor, x: Tensor, t: IndexTargets, w: ArrayLike<number> | null): Tensor {
  return neg(mul(perPosition(k, x), indexConstants(x, t, w, 0)[1]));
}

/**
 * crossEntropy with probability targets: with t̃ = (1 − ε)·y + ε/C and wt = w·t̃,
 * d/dx = k·(softmax(x)·Σ_c wt_c − wt) and d/dy = −k·(1 − ε)·w·logSoftmax(x).
 */
export function crossEntropyProbabilityGradients(k: Tensor, x: Tensor, y: Tensor, w: ArrayLike<number> | null, eps: number): (Tensor | null)[] {
  const axis = classAxis(x);
  const c = x.shape[axis]!;
  const classShape = x.shape.map((s, i) => (i === axis ? s : 1));
  const wc = w === null ? null : constant(w, classShape, x.dtype);
  const kp = perPosition(k, x);
  const smoothed = eps > 0 ? add(mul(y, 1 - eps), eps / c) : y;
  const wt = wc === null ? smoothed : mul(smoothed, wc);
  const gx = x.requiresGrad ? mul(kp, sub(mul(softmax(x, { axis }), sum(wt, { axis, keepdims: true })), wt)) : null;
  const scaledW = wc === null ? 1 - eps : mul(wc, 1 - eps);
  const gy = y.requiresGrad ? neg(mul(kp, mul(logSoftmax(x, { axis }), scaledW))) : null;
  return [gx, gy];
}
