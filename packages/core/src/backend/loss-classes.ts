/**
 * CPU kernels of the class-axis losses: cross-entropy (a fused, stable log-softmax + NLL; class
 * indices or class probabilities as targets) and NLL. Input `[n, c, d]` flattened, class axis 1.
 */
import type {
  ClassLossSums, CrossEntropyBackwardArgs, CrossEntropyForwardArgs, NllBackwardArgs, NllForwardArgs,
  SoftCrossEntropyBackwardArgs, SoftCrossEntropyForwardArgs, SoftmaxStats,
} from './kernels.js';
import type { FloatArray } from '../dtype.js';

/**
 * One stable softmax pass. Numerical trap: Σ exp is kept as 1 + rest, the argmax's term 1 split
 * off, so log Σ = log1p(rest) and 1 − p_max = rest/(1 + rest) stay exact for a confident
 * prediction (rest ≈ 1e-30), where log(1 + rest) and p − 1 would round to 0.
 */
function softmaxPass(x: FloatArray, n: number, c: number, d: number, stats: SoftmaxStats): void {
  const { max, rest, argmax, exp: e } = stats;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const base = i * c * d + j;
      // Subtracting the max keeps every exp ≤ 1 (no overflow at logits of 1e3).
      let mx = Number.NEGATIVE_INFINITY;
      let am = 0;
      for (let k = 0, at = base; k < c; k++, at += d) {
        const v = x[at]!;
        // NaN must win (as PyTorch: a NaN logit gives a NaN loss that the caller can see).
        if (v > mx || Number.isNaN(v)) {
          mx = v;
          am = k;
        }
      }
      let sum = 0;
      for (let k = 0, at = base; k < c; k++, at += d) {
        const ek = Math.exp(x[at]! - mx);
        if (e !== null) e[at] = ek;
        if (k !== am) sum += ek;
      }
      max[i * d + j] = mx;
      // A NaN logit makes every exp NaN except the argmax's own term; with one class there is no
      // other term, so carry the NaN here (PyTorch: NaN loss and NaN gradient).
      rest[i * d + j] = Number.isNaN(mx) ? Number.NaN : sum;
      argmax[i * d + j] = am;
    }
  }
}

export function crossEntropyForward(args: CrossEntropyForwardArgs): ClassLossSums {
  const { input: x, n, c, d, weight: w, target: t, ignoreIndex, smoothing: eps, stats, out } = args;
  softmaxPass(x, n, c, d, stats);
  let total = 0;
  let weightTotal = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const p = i * d + j;
      const cls = t[p]!;
      let l = 0;
      if (cls !== ignoreIndex) {
        const base = i * c * d + j;
        const mx = stats.max[p]!;
        const logS = Math.log1p(stats.rest[p]!);
        const wt = w === null ? 1 : w[cls]!;
        weightTotal += wt;
        // −log p_t = log Σ − (x_t − max): PyTorch's order of operations.
        l = wt * (logS - (x[base + cls * d]! - mx));
        if (eps > 0) {
          let smooth = 0;
          for (let k = 0, at = base; k < c; k++, at += d) smooth += (w === null ? 1 : w[k]!) * (logS - (x[at]! - mx));
          l = (1 - eps) * l + (eps / c) * smooth;
        }
      }
      if (out !== null) out[p] = l;
      else total += l;
    }
  }
  return { sum: total, weightSum: weightTotal };
}

export function crossEntropyBackward(args: CrossEntropyBackwardArgs): void {
  const { n, c, d, weight: w, target: t, ignoreIndex, smoothing: eps, stats, gradOut, gradScale, gradInput: gx } = args;
  const e = stats.exp!;
  let wSum = 0;
  for (let k = 0; k < c; k++) wSum += w === null ? 1 : w[k]!;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const p = i * d + j;
      const cls = t[p]!;
      if (cls === ignoreIndex) continue; // zero gradient, also when 'mean' divides by 0
      const base = i * c * d + j;
      const kp = gradOut === null ? gradScale : gradOut[p]!;
      const a = kp * (1 - eps) * (w === null ? 1 : w[cls]!);
      const b = (kp * eps) / c;
      const rest = stats.rest[p]!;
      const inv = 1 / (1 + rest);
      for (let k = 0, at = base; k < c; k++, at += d) {
        const pk = e[at]! * inv;
        // (1 − ε)·w_t·(p − onehot) + (ε/C)·(p·Σw − w_c). Numerical trap: p_t − 1 is formed in
        // double before the store (a float32 p_t near 1 would cancel), as −rest/Σ at the argmax.
        let v = k !== cls ? a * pk : k === stats.argmax[p] ? -a * rest * inv : a * pk - a;
        if (eps > 0) v += b * (pk * wSum - (w === null ? 1 : w[k]!));
        gx[at] = v;
      }
    }
  }
}

export function softCrossEntropyForward(args: SoftCrossEntropyForwardArgs): number {
  const { input: x, n, c, d, weight: w, target: y, smoothing: eps, stats, out } = args;
  softmaxPass(x, n, c, d, stats);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const p = i * d + j;
      const base = i * c * d + j;
      const mx = stats.max[p]!;
      const logS = Math.log1p(stats.rest[p]!);
      let l = 0;
      for (let k = 0, at = base; k < c; k++, at += d) {
        const tk = eps > 0 ? y[at]! * (1 - eps) + eps / c : y[at]!;
        l += (w === null ? 1 : w[k]!) * tk * (logS - (x[at]! - mx));
      }
      if (out !== null) out[p] = l;
      else total += l;
    }
  }
  return total;
}

export function softCrossEntropyBackward(args: SoftCrossEntropyBackwardArgs): void {
  const { input: x, n, c, d, weight: w, target: y, smoothing: eps, stats, gradOut, gradScale, gradInput: gx, gradTarget: gy } = args;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const p = i * d + j;
      const base = i * c * d + j;
      const kp = gradOut === null ? gradScale : gradOut[p]!;
      if (gx !== null) {
        const e = stats.exp!;
        const inv = 1 / (1 + stats.rest[p]!);
        // softmax·Σ_c w_c t_c − w·t: the targets need not sum to 1.
        let sw = 0;
        for (let k = 0, at = base; k < c; k++, at += d) sw += (w === null ? 1 : w[k]!) * (eps > 0 ? y[at]! * (1 - eps) + eps / c : y[at]!);
        for (let k = 0, at = base; k < c; k++, at += d) {
          const tk = eps > 0 ? y[at]! * (1 - eps) + eps / c : y[at]!;
          gx[at] = kp * (e[at]! * inv * sw - (w === null ? 1 : w[k]!) * tk);
        }
      }
      if (gy !== null) {
        const logS = Math.log1p(stats.rest[p]!);
        const mx = stats.max[p]!;
        for (let k = 0, at = base; k < c; k++, at += d) gy[at] = kp * (1 - eps) * (w === null ? 1 : w[k]!) * (logS - (x[at]! - mx));
      }
    }
  }
}

export function nllForward({ input: x, n, c, d, weight: w, target: t, ignoreIndex, out }: NllForwardArgs): ClassLossSums {
  let total = 0;
  let weightTotal = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const p = i * d + j;
      const cls = t[p]!;
      let l = 0;
      if (cls !== ignoreIndex) {
        const wt = w === null ? 1 : w[cls]!;
        weightTotal += wt;
        l = -wt * x[i * c * d + cls * d + j]!;
      }
      if (out !== null) out[p] = l;
      else total += l;
    }
  }
  return { sum: total, weightSum: weightTotal };
}

export function nllBackward({ n, c, d, weight: w, target: t, ignoreIndex, gradOut, gradScale, gradInput }: NllBackwardArgs): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const p = i * d + j;
      const cls = t[p]!;
      if (cls === ignoreIndex) continue;
      gradInput[i * c * d + cls * d + j] = -(gradOut === null ? gradScale : gradOut[p]!) * (w === null ? 1 : w[cls]!);
    }
  }
}
