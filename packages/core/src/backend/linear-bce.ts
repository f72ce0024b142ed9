/**
 * The CPU kernel of a binary logistic model's loss and gradient in one pass over X: for each row,
 * the logit z = x·w + b, its binary cross-entropy, and (when asked) its contribution to the
 * gradient, while the row is in cache. Two passes (X·w forward, gᵀ·X backward) read X twice;
 * on a large full batch, reading X is the whole cost. Arithmetic in double, as loss-pair.ts.
 */
import type { LinearBceWithLogitsArgs, LinearBceWithLogitsSums } from './kernels.js';

export function linearBceWithLogits(args: LinearBceWithLogitsArgs): LinearBceWithLogitsSums {
  const { x, rows, cols, weight, bias, target, sampleWeight, gradWeight } = args;
  const gw = gradWeight === null ? null : new Float64Array(cols);
  let loss = 0;
  let gradBias = 0;
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let z = bias;
    for (let j = 0; j < cols; j++) z += x[o + j]! * weight[j]!;
    const t = target[i]!;
    const s = sampleWeight === null ? 1 : sampleWeight[i]!;
    // The stable form of loss-pair.ts: softplus(±z) = max(±z, 0) + log1p(e), e = exp(−|z|).
    const e = Math.exp(-Math.abs(z));
    const a = Math.log1p(e);
    loss += s * ((1 - t) * (Math.max(z, 0) + a) + t * (Math.max(-z, 0) + a));
    if (gw !== null) {
      const inv = 1 / (1 + e);
      const g = s * ((z >= 0 ? inv : e * inv) - t); // σ(z) − y, σ from e without cancellation
      gradBias += g;
      for (let j = 0; j < cols; j++) gw[j] = gw[j]! + g * x[o + j]!;
    }
  }
  if (gradWeight !== null) gradWeight.set(gw!);
  return { loss, gradBias };
}
