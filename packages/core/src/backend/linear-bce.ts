/**
 * The CPU kernel of a binary logistic model's loss and gradient in one pass over X: blocks of
 * rows small enough to stay in cache get their logits z = x·w + b, their binary cross-entropy,
 * and (when asked) their part of the gradient gᵀ·x, before the next block is read. Two passes
 * (X·w forward, gᵀ·X backward) read X from memory twice; on a large full batch, reading X is the
 * whole cost. The products are gemm's tuned skinny loops; arithmetic in double, as loss-pair.ts.
 */
import { gemm } from './gemm.js';
import type { LinearBceWithLogitsArgs, LinearBceWithLogitsSums } from './kernels.js';

/** Bytes of X per block: well inside L2, so the gradient product reads it from cache. */
const BLOCK_BYTES = 128 * 1024;

export function linearBceWithLogits(args: LinearBceWithLogitsArgs): LinearBceWithLogitsSums {
  const { x, rows, cols, weight, bias, target, sampleWeight, gradWeight } = args;
  const block = Math.max(1, Math.min(rows, Math.floor(BLOCK_BYTES / (x.BYTES_PER_ELEMENT * Math.max(cols, 1)))));
  const z = new Float64Array(block);
  const g = gradWeight === null ? null : new Float64Array(block);
  const part = gradWeight === null ? null : new Float64Array(cols);
  const total = gradWeight === null ? null : new Float64Array(cols);
  let loss = 0;
  let gradBias = 0;
  for (let r0 = 0; r0 < rows; r0 += block) {
    const count = Math.min(block, rows - r0);
    gemm(count, 1, cols, x, r0 * cols, cols, 1, weight, 0, 1, cols, z, 0);
    for (let i = 0; i < count; i++) {
      const zi = z[i]! + bias;
      const t = target[r0 + i]!;
      const s = sampleWeight === null ? 1 : sampleWeight[r0 + i]!;
      // The stable form of loss-pair.ts: softplus(±z) = max(±z, 0) + log1p(e), e = exp(−|z|).
      const e = Math.exp(-Math.abs(zi));
      const a = Math.log1p(e);
      loss += s * ((1 - t) * (Math.max(zi, 0) + a) + t * (Math.max(-zi, 0) + a));
      if (g !== null) {
        const inv = 1 / (1 + e);
        g[i] = s * ((zi >= 0 ? inv : e * inv) - t); // σ(z) − y, σ from e without cancellation
        gradBias += g[i]!;
      }
    }
    if (g !== null) {
      // part = g[0, count)ᵀ · X[r0 : r0 + count], X's block still in cache.
      gemm(1, cols, count, g, 0, count, 1, x, r0 * cols, cols, 1, part!, 0);
      for (let j = 0; j < cols; j++) total![j] = total![j]! + part![j]!;
    }
  }
  if (gradWeight !== null) gradWeight.set(total!);
  return { loss, gradBias };
}
