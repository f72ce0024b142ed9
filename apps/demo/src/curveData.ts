// The article's curve, computed with the packages: browser-safe (used by the CLI's curve step
// and by the web page).
import { full, linspace, sigmoid } from '@entropic/core';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits } from '@entropic/loss';
import { numbers } from './util.js';

export interface CurveData {
  /** z = −10, −9.9, …, 10 (201 values) */
  z: number[];
  /** h = σ(z) */
  h: number[];
  /** J(w) for y = 1: −log h (binaryCrossEntropy on h) */
  costY1: number[];
  /** J(w) for y = 0: −log(1 − h) (binaryCrossEntropy on h) */
  costY0: number[];
  /** the largest |difference| between binaryCrossEntropy(σ(z)) and binaryCrossEntropyWithLogits(z) */
  maxLogitsDiff: number;
}

/** Computes the curve in float64 with the packages (not re-implemented here). */
export function computeCurve(): CurveData {
  const n = 201;
  const z = linspace(-10, 10, n, { dtype: 'float64' });
  const h = sigmoid(z);
  const ones = full([n], 1, { dtype: 'float64' });
  const zeros = full([n], 0, { dtype: 'float64' });
  const costY1 = binaryCrossEntropy(h, ones, { reduction: 'none' });
  const costY0 = binaryCrossEntropy(h, zeros, { reduction: 'none' });
  // The same costs straight from the logits, the numerically stable form used in training.
  const fromLogits1 = binaryCrossEntropyWithLogits(z, ones, { reduction: 'none' });
  const fromLogits0 = binaryCrossEntropyWithLogits(z, zeros, { reduction: 'none' });
  const arr = numbers;
  const c1 = arr(costY1);
  const c0 = arr(costY0);
  const l1 = arr(fromLogits1);
  const l0 = arr(fromLogits0);
  let maxLogitsDiff = 0;
  for (let i = 0; i < n; i++) {
    maxLogitsDiff = Math.max(maxLogitsDiff, Math.abs((c1[i] ?? 0) - (l1[i] ?? 0)), Math.abs((c0[i] ?? 0) - (l0[i] ?? 0)));
  }
  return { z: arr(z), h: arr(h), costY1: c1, costY0: c0, maxLogitsDiff };
}

/** The legend entries, as in the article. */
export const Y1 = 'J(w) if y=1';
export const Y0 = 'J(w) if y=0';

export function curvePoints(data: CurveData): { h: number; j: number; series: string }[] {
  return [
    ...data.h.map((h, i) => ({ h, j: data.costY1[i] ?? Number.NaN, series: Y1 })),
    ...data.h.map((h, i) => ({ h, j: data.costY0[i] ?? Number.NaN, series: Y0 })),
  ];
}

