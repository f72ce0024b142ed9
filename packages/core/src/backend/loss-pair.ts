/**
 * CPU kernels of the elementwise losses (binary cross-entropy on probabilities and on logits,
 * squared error): forward and backward loops on flat typed arrays. Arithmetic is in double
 * whatever the dtype; float32 results are rounded once, on store.
 */
import type {
  BceBackwardArgs, BceForwardArgs, BceWithLogitsBackwardArgs, BceWithLogitsForwardArgs, MseBackwardArgs, MseForwardArgs,
} from './kernels.js';

/** Numerical trap: PyTorch clamps each log at −100 so p ∈ {0, 1} gives a finite loss (100, not ∞). */
const LOG_FLOOR = -100;
/** PyTorch's floor on p(1 − p) in the gradient: ±1e12 at p ∈ {0, 1}, never a division by zero. */
const GRAD_EPS = 1e-12;

export function bceForward({ input, target, weight, out }: BceForwardArgs): number {
  let total = 0;
  for (let i = 0; i < input.length; i++) {
    const p = input[i]!;
    const t = target[i]!;
    // log1p(−p), not log(1 − p): exact for tiny p, where 1 − p rounds to 1.
    let l = (t - 1) * Math.max(Math.log1p(-p), LOG_FLOOR) - t * Math.max(Math.log(p), LOG_FLOOR);
    if (weight !== null) l *= weight[i]!;
    if (out !== null) out[i] = l;
    else total += l;
  }
  return total;
}

export function bceBackward({ input, target, weight, gradOut, gradScale, gradInput, gradTarget }: BceBackwardArgs): void {
  for (let i = 0; i < input.length; i++) {
    const p = input[i]!;
    const t = target[i]!;
    const k = (gradOut === null ? gradScale : gradOut[i]!) * (weight === null ? 1 : weight[i]!);
    if (gradInput !== null) gradInput[i] = (k * (p - t)) / Math.max((1 - p) * p, GRAD_EPS);
    if (gradTarget !== null) gradTarget[i] = k * (Math.max(Math.log1p(-p), LOG_FLOOR) - Math.max(Math.log(p), LOG_FLOOR));
  }
}

export function bceWithLogitsForward({ input, target, weight, posWeight, out, cache }: BceWithLogitsForwardArgs): number {
  let total = 0;
  for (let i = 0; i < input.length; i++) {
    const z = input[i]!;
    const t = target[i]!;
    // softplus(±x) = max(±x, 0) + log1p(e): one exp and one log1p for both, never overflowing,
    // and exact where they are tiny. Numerical trap: PyTorch's (1 − y)·x + softplus(−x) cancels
    // catastrophically for y = 0, x ≪ 0 (−30 + 30.0000…1); this sum of two non-negative terms does not.
    const e = Math.exp(-Math.abs(z));
    const a = Math.log1p(e);
    if (cache !== null) cache[i] = e;
    const pos = t * (Math.max(-z, 0) + a);
    let l = (1 - t) * (Math.max(z, 0) + a) + (posWeight === null ? pos : posWeight[i]! * pos);
    if (weight !== null) l *= weight[i]!;
    if (out !== null) out[i] = l;
    else total += l;
  }
  return total;
}

export function bceWithLogitsBackward(args: BceWithLogitsBackwardArgs): void {
  const { input, target, weight, posWeight, cache, gradOut, gradScale, gradInput, gradTarget } = args;
  for (let i = 0; i < input.length; i++) {
    const z = input[i]!;
    const t = target[i]!;
    const k = (gradOut === null ? gradScale : gradOut[i]!) * (weight === null ? 1 : weight[i]!);
    const p = posWeight === null ? 1 : posWeight[i]!;
    const e = cache[i]!;
    if (gradInput !== null) {
      // (1 − y)·σ(x) − posWeight·y·(1 − σ(x)), which is σ(x) − y without posWeight. σ and 1 − σ
      // both come from e without subtraction, so the gradient of a confident logit keeps its digits.
      const inv = 1 / (1 + e);
      const sig = z >= 0 ? inv : e * inv;
      const rest = z >= 0 ? e * inv : inv;
      gradInput[i] = k * ((1 - t) * sig - p * t * rest);
    }
    if (gradTarget !== null) {
      const a = Math.log1p(e);
      gradTarget[i] = k * (p * (Math.max(-z, 0) + a) - (Math.max(z, 0) + a));
    }
  }
}

export function mseForward({ input, target, out }: MseForwardArgs): number {
  let total = 0;
  for (let i = 0; i < input.length; i++) {
    const d = input[i]! - target[i]!;
    if (out !== null) out[i] = d * d;
    else total += d * d;
  }
  return total;
}

export function mseBackward({ input, target, gradOut, gradScale, gradInput, gradTarget }: MseBackwardArgs): void {
  for (let i = 0; i < input.length; i++) {
    const k = 2 * (gradOut === null ? gradScale : gradOut[i]!) * (input[i]! - target[i]!);
    if (gradInput !== null) gradInput[i] = k;
    if (gradTarget !== null) gradTarget[i] = -k;
  }
}
