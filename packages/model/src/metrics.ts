/**
 * Classification metrics with scikit-learn's definitions (sklearn.metrics 1.2). Labels are
 * class indices (Tensor or number[]); the results are plain numbers.
 */
import type { Tensor } from '@entropic/core';
import { type VectorLike, toLabels, toScores, toVector } from './input.js';

function pairOfLabels(fn: string, yTrue: VectorLike, yPred: VectorLike): [Int32Array, Int32Array] {
  const t = toLabels(fn, yTrue, null, undefined, 'yTrue');
  const p = toLabels(fn, yPred, t.length, undefined, 'yPred');
  if (t.length === 0) throw new Error(`${fn}: expected at least one label, got an empty yTrue`);
  return [t, p];
}

/** Fraction of predictions equal to the true labels. */
export function accuracy(yTrue: VectorLike, yPred: VectorLike): number {
  const t = toVector('accuracy', yTrue, 'yTrue');
  const p = toVector('accuracy', yPred, 'yPred');
  if (t.length !== p.length) throw new Error(`accuracy: yTrue has ${t.length} labels but yPred has ${p.length}`);
  if (t.length === 0) throw new Error('accuracy: expected at least one label, got an empty yTrue');
  let hits = 0;
  for (let i = 0; i < t.length; i++) if (t[i] === p[i]) hits++;
  return hits / t.length;
}

export interface LogLossOptions {
  /** Probabilities are clipped to [eps, 1 − eps] (default 1e-15, sklearn 1.2's). */
  eps?: number;
}

/**
 * Mean negative log-likelihood of the true labels. `probs` is [n] (P(y = 1), binary) or
 * [n, K]; rows are clipped then renormalised to sum to 1, as sklearn's `log_loss`.
 */
export function logLoss(yTrue: VectorLike, probs: Tensor | readonly number[] | readonly (readonly number[])[], opts: LogLossOptions = {}): number {
  const fn = 'logLoss';
  const eps = opts.eps ?? 1e-15;
  if (!(eps >= 0 && eps < 0.5)) throw new Error(`${fn}: eps must be in [0, 0.5), got ${eps}`);
  const p = toScores(fn, probs, 'probs');
  const n = p.shape[0]!;
  const k = p.ndim === 1 ? 2 : p.shape[1]!;
  const y = toLabels(fn, yTrue, n, k, 'yTrue');
  if (n === 0) throw new Error(`${fn}: expected at least one sample, got none`);
  const d = p.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (!(v >= 0 && v <= 1)) throw new Error(`${fn}: probabilities must be in [0, 1], got ${v} at index ${i}`);
  }
  const clip = (v: number) => Math.min(Math.max(v, eps), 1 - eps);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let own: number;
    let rowSum: number;
    if (p.ndim === 1) {
      const p1 = clip(d[i]!);
      const p0 = clip(1 - d[i]!);
      own = y[i] === 1 ? p1 : p0;
      rowSum = p0 + p1;
    } else {
      rowSum = 0;
      for (let c = 0; c < k; c++) rowSum += clip(d[i * k + c]!);
      own = clip(d[i * k + y[i]!]!);
    }
    total -= Math.log(own / rowSum);
  }
  return total / n;
}

/** Area under the ROC curve of one binary problem: trapezoids between distinct thresholds (ties score ½). */
function binaryAuc(fn: string, y: ArrayLike<number>, s: ArrayLike<number>, stride: number, offset: number, n: number): number {
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => s[b * stride + offset]! - s[a * stride + offset]!);
  let tp = 0;
  let fp = 0;
  let area = 0;
  for (let i = 0; i < n;) {
    const score = s[order[i]! * stride + offset]!;
    const tp0 = tp;
    const fp0 = fp;
    // Every sample sharing this score moves the curve at once: a diagonal step, not a staircase.
    for (; i < n && s[order[i]! * stride + offset]! === score; i++) {
      if (y[order[i]!] === 1) tp++;
      else fp++;
    }
    area += ((fp - fp0) * (tp + tp0)) / 2;
  }
  if (tp === 0 || fp === 0) {
    throw new Error(`${fn}: only one class present in yTrue (${tp} positive, ${fp} negative); ROC AUC is not defined`);
  }
  return area / (tp * fp);
}

/**
 * ROC AUC. Binary: `scores` [n] (any score, larger = more likely class 1) or [n, 2]; multiclass:
 * [n, K] probabilities, averaged one-vs-rest over classes (sklearn's `multi_class='ovr'`, macro).
 */
export function rocAuc(yTrue: VectorLike, scores: Tensor | readonly number[] | readonly (readonly number[])[]): number {
  const fn = 'rocAuc';
  const s = toScores(fn, scores, 'scores');
  const n = s.shape[0]!;
  const k = s.ndim === 1 ? 2 : s.shape[1]!;
  const y = toLabels(fn, yTrue, n, k, 'yTrue');
  const d = s.data;
  for (let i = 0; i < d.length; i++) if (Number.isNaN(d[i]!)) throw new Error(`${fn}: scores contain NaN at index ${i}`);
  if (s.ndim === 1) return binaryAuc(fn, y, d, 1, 0, n);
  if (k === 2) return binaryAuc(fn, y, d, 2, 1, n);
  let total = 0;
  for (let c = 0; c < k; c++) {
    const isC = Int32Array.from(y, (v) => (v === c ? 1 : 0));
    total += binaryAuc(`${fn} (class ${c} vs rest)`, isC, d, k, c, n);
  }
  return total / k;
}

export interface ConfusionMatrixOptions {
  /** Number of classes K (default: the largest label + 1). */
  numClasses?: number;
}

/** K×K counts: row = true class, column = predicted class (sklearn's layout). */
export function confusionMatrix(yTrue: VectorLike, yPred: VectorLike, opts: ConfusionMatrixOptions = {}): number[][] {
  const fn = 'confusionMatrix';
  const [t, p] = pairOfLabels(fn, yTrue, yPred);
  let k = opts.numClasses;
  if (k === undefined) {
    k = 0;
    for (let i = 0; i < t.length; i++) k = Math.max(k, t[i]! + 1, p[i]! + 1);
  } else if (!Number.isInteger(k) || k < 1) throw new Error(`${fn}: numClasses must be a positive integer, got ${k}`);
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < t.length; i++) {
    if (t[i]! >= k || p[i]! >= k) throw new Error(`${fn}: label ${Math.max(t[i]!, p[i]!)} at index ${i} is out of range for ${k} classes`);
    m[t[i]!]![p[i]!]!++;
  }
  return m;
}

export type Average = 'binary' | 'macro' | 'micro' | 'weighted' | 'none';

export interface PrecisionRecallF1Options {
  /** 'binary' (default): the scores of `posLabel`; 'none': one value per class. */
  average?: Average;
  posLabel?: number;
  numClasses?: number;
  /** Value of a ratio whose denominator is 0 (default 0, as sklearn's with a warning). */
  zeroDivision?: number;
}

export interface PrecisionRecallF1<T> {
  precision: T;
  recall: T;
  f1: T;
  /** Number of true samples of the class (summed for the averages). */
  support: T;
}

/** Precision, recall and F1 as sklearn's `precision_recall_fscore_support`. */
export function precisionRecallF1(yTrue: VectorLike, yPred: VectorLike, opts: PrecisionRecallF1Options & { average: 'none' }): PrecisionRecallF1<number[]>;
export function precisionRecallF1(yTrue: VectorLike, yPred: VectorLike, opts?: PrecisionRecallF1Options): PrecisionRecallF1<number>;
export function precisionRecallF1(yTrue: VectorLike, yPred: VectorLike, opts: PrecisionRecallF1Options = {}): PrecisionRecallF1<number> | PrecisionRecallF1<number[]> {
  const fn = 'precisionRecallF1';
  const average = opts.average ?? 'binary';
  const zd = opts.zeroDivision ?? 0;
  if (!['binary', 'macro', 'micro', 'weighted', 'none'].includes(average)) {
    throw new Error(`${fn}: average must be 'binary', 'macro', 'micro', 'weighted' or 'none', got ${JSON.stringify(average)}`);
  }
  const cm = confusionMatrix(yTrue, yPred, { numClasses: opts.numClasses });
  const k = cm.length;
  const tp = cm.map((row, c) => row[c]!);
  const predicted = cm[0]!.map((_, c) => cm.reduce((s, row) => s + row[c]!, 0));
  const support = cm.map((row) => row.reduce((s, v) => s + v, 0));
  const ratio = (a: number, b: number) => (b === 0 ? zd : a / b);
  const f1Of = (p: number, r: number) => (p + r === 0 ? zd : (2 * p * r) / (p + r));
  if (average === 'micro') {
    const sumTp = tp.reduce((s, v) => s + v, 0);
    const total = support.reduce((s, v) => s + v, 0);
    const p = ratio(sumTp, total);
    return { precision: p, recall: p, f1: f1Of(p, p), support: total };
  }
  const precision = tp.map((v, c) => ratio(v, predicted[c]!));
  const recall = tp.map((v, c) => ratio(v, support[c]!));
  const f1 = precision.map((p, c) => f1Of(p, recall[c]!));
  if (average === 'none') return { precision, recall, f1, support };
  if (average === 'binary') {
    const pos = opts.posLabel ?? 1;
    if (k > 2) throw new Error(`${fn}: average 'binary' needs labels in {0, 1}, got ${k} classes; use average 'macro', 'micro', 'weighted' or 'none'`);
    if (!Number.isInteger(pos) || pos < 0 || pos > 1) throw new Error(`${fn}: posLabel must be 0 or 1, got ${pos}`);
    const at = <T>(a: T[], fallback: T): T => a[pos] ?? fallback;
    return { precision: at(precision, zd), recall: at(recall, zd), f1: at(f1, zd), support: at(support, 0) };
  }
  const total = support.reduce((s, v) => s + v, 0);
  const weights = average === 'weighted' ? support.map((s) => (total === 0 ? 0 : s / total)) : support.map(() => 1 / k);
  const avg = (a: number[]) => a.reduce((s, v, c) => s + v * weights[c]!, 0);
  return { precision: avg(precision), recall: avg(recall), f1: avg(f1), support: total };
}
