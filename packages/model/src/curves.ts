/**
 * Threshold curves of a binary classifier's scores, with scikit-learn 1.2's definitions:
 * `rocCurve`, `precisionRecallCurve` and `rocAuc` (also one-vs-rest for K classes).
 */
import { EntropicError, type Tensor, opt, parseOptions } from '@entropic/core';
import { type VectorLike, toLabels, toSampleWeight, toScores } from './input.js';

type Scores = Tensor | readonly number[] | readonly (readonly number[])[];

/** Binary labels and the scores of class 1 ([n], or column 1 of [n, 2]); NaN refused. */
function binaryScores(fn: string, yTrue: VectorLike, scores: Scores): { y: Int32Array; s: ArrayLike<number>; n: number } {
  const t = toScores(fn, scores, 'scores');
  const n = t.shape[0]!;
  if (t.ndim === 2 && t.shape[1] !== 2) throw new EntropicError('SHAPE', fn, `expected scores [n] or [n, 2] for a binary problem, got [${t.shape.join(', ')}]`);
  const y = toLabels(fn, yTrue, n, 2, 'yTrue');
  const d = t.data;
  const s = t.ndim === 1 ? d : Float64Array.from({ length: n }, (_, i) => d[2 * i + 1]!);
  for (let i = 0; i < n; i++) if (Number.isNaN(s[i]!)) throw new EntropicError('NON_FINITE', fn, `expected scores without NaN, got NaN at index ${i}`);
  return { y, s, n };
}

/**
 * sklearn's `_binary_clf_curve`: at each distinct score, from the highest down, the (weighted)
 * counts of false and true positives among the samples scoring at least that much.
 */
function binaryClfCurve(fn: string, y: Int32Array, s: ArrayLike<number>, n: number, w: ArrayLike<number> | null) {
  // A stable sort by decreasing score; ties keep their order (sklearn's mergesort, reversed,
  // orders ties the other way, which changes no count: counts are taken after the last tie).
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => s[b]! - s[a]!);
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < n; i++) {
    const j = order[i]!;
    const weight = w === null ? 1 : w[j]!;
    if (y[j] === 1) tp += weight;
    else fp += weight;
    if (i === n - 1 || s[order[i + 1]!] !== s[j]) {
      fps.push(fp);
      tps.push(tp);
      thresholds.push(s[j]!);
    }
  }
  if (tp <= 0 || fp <= 0) {
    throw new EntropicError('VALUE', fn, `expected both classes in yTrue, got ${tp <= 0 ? 'no positive' : 'no negative'} samples${w === null ? '' : ' (with positive weight)'}; the curve is not defined`);
  }
  return { fps, tps, thresholds };
}

/** Options of {@link precisionRecallCurve} (and the base of {@link RocCurveOptions}). */
export interface CurveOptions {
  /** One weight per sample (default none). */
  sampleWeight?: VectorLike;
}

/** Options of {@link rocCurve}. */
export interface RocCurveOptions extends CurveOptions {
  /** Leave out points that lie on a straight segment (default true, as scikit-learn). */
  dropIntermediate?: boolean;
}

/** What {@link rocCurve} returns: the curve's points and the thresholds they come from. */
export interface RocCurve {
  /** False positive rates, increasing from 0 to 1. */
  fpr: number[];
  /** True positive rates. */
  tpr: number[];
  /** Decreasing; `thresholds[0]` is the highest score + 1 (scikit-learn 1.2's), so the curve starts at (0, 0). */
  thresholds: number[];
}

const weightOption = opt.custom('one weight per sample (a Tensor [n], number[] or typed array)', (v): v is VectorLike => Array.isArray(v) || ArrayBuffer.isView(v) || (typeof v === 'object' && v !== null));

/** The ROC curve of scores against binary labels, as scikit-learn's `roc_curve`. */
export function rocCurve(yTrue: VectorLike, scores: Scores, opts: RocCurveOptions = {}): RocCurve {
  const fn = 'rocCurve';
  const o = parseOptions(fn, opts, { sampleWeight: weightOption, dropIntermediate: opt.boolean({ default: true }) });
  const { y, s, n } = binaryScores(fn, yTrue, scores);
  const w = o.sampleWeight === undefined ? null : toSampleWeight(fn, o.sampleWeight, n, 'float64').data;
  let { fps, tps, thresholds } = binaryClfCurve(fn, y, s, n, w);
  if (o.dropIntermediate && fps.length > 2) {
    // Keep the ends and every corner: where the second difference of fps or tps is not 0.
    const keep = fps.map((_, i) => i === 0 || i === fps.length - 1
      || fps[i + 1]! - 2 * fps[i]! + fps[i - 1]! !== 0 || tps[i + 1]! - 2 * tps[i]! + tps[i - 1]! !== 0);
    fps = fps.filter((_, i) => keep[i]);
    tps = tps.filter((_, i) => keep[i]);
    thresholds = thresholds.filter((_, i) => keep[i]);
  }
  const fpMax = fps[fps.length - 1]!;
  const tpMax = tps[tps.length - 1]!;
  return {
    fpr: [0, ...fps.map((v) => v / fpMax)],
    tpr: [0, ...tps.map((v) => v / tpMax)],
    thresholds: [thresholds[0]! + 1, ...thresholds],
  };
}

/** What {@link precisionRecallCurve} returns. */
export interface PrecisionRecallCurve {
  /** Precision at each threshold, then 1. */
  precision: number[];
  /** Recall at each threshold (decreasing), then 0. */
  recall: number[];
  /** Increasing distinct scores. */
  thresholds: number[];
}

/** Precision and recall at every distinct score, as scikit-learn 1.2's `precision_recall_curve`. */
export function precisionRecallCurve(yTrue: VectorLike, scores: Scores, opts: CurveOptions = {}): PrecisionRecallCurve {
  const fn = 'precisionRecallCurve';
  const o = parseOptions(fn, opts, { sampleWeight: weightOption });
  const { y, s, n } = binaryScores(fn, yTrue, scores);
  const w = o.sampleWeight === undefined ? null : toSampleWeight(fn, o.sampleWeight, n, 'float64').data;
  const { fps, tps, thresholds } = binaryClfCurve(fn, y, s, n, w);
  const tpMax = tps[tps.length - 1]!;
  const precision = tps.map((tp, i) => (tp + fps[i]! === 0 ? 0 : tp / (tp + fps[i]!)));
  const recall = tps.map((tp) => tp / tpMax);
  return { precision: [...precision.reverse(), 1], recall: [...recall.reverse(), 0], thresholds: thresholds.reverse() };
}

/**
 * ROC AUC. Binary: `scores` [n] (any score, larger = more likely class 1) or [n, 2]; multiclass:
 * [n, K] probabilities, averaged one-vs-rest over classes (sklearn's `multi_class='ovr'`, macro).
 * Tied scores count ½ (trapezoids between distinct thresholds).
 */
export function rocAuc(yTrue: VectorLike, scores: Scores): number {
  const fn = 'rocAuc';
  const t = toScores(fn, scores, 'scores');
  if (t.ndim === 1 || t.shape[1] === 2) return aucOf(fn, yTrue, t);
  const n = t.shape[0]!;
  const k = t.shape[1]!;
  const y = toLabels(fn, yTrue, n, k, 'yTrue');
  let total = 0;
  for (let c = 0; c < k; c++) {
    const isC = Int32Array.from(y, (v) => (v === c ? 1 : 0));
    const column = Array.from({ length: n }, (_, i) => t.data[i * k + c]!);
    total += aucOf(`${fn} (class ${c} vs rest)`, isC, column);
  }
  return total / k;
}

/** Area under the ROC curve: trapezoids on the counts, divided once by (positives × negatives). */
function aucOf(fn: string, yTrue: VectorLike, scores: Scores): number {
  const { y, s, n } = binaryScores(fn, yTrue, scores);
  const { fps, tps } = binaryClfCurve(fn, y, s, n, null);
  let area = fps[0]! * tps[0]! / 2;
  for (let i = 1; i < fps.length; i++) area += ((fps[i]! - fps[i - 1]!) * (tps[i]! + tps[i - 1]!)) / 2;
  return area / (fps[fps.length - 1]! * tps[tps.length - 1]!);
}
