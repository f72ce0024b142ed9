/**
 * Classification metrics with scikit-learn's definitions (sklearn.metrics 1.2). Labels are
 * class indices (Tensor or number[]); the results are plain numbers.
 */
import { EntropicError, type Tensor, opt, parseOptions } from '@entropic/core';
import { type VectorLike, toLabels, toScores, toVector } from './input.js';

function pairOfLabels(fn: string, yTrue: VectorLike, yPred: VectorLike): [Int32Array, Int32Array] {
  const t = toLabels(fn, yTrue, null, undefined, 'yTrue');
  const p = toLabels(fn, yPred, t.length, undefined, 'yPred');
  if (t.length === 0) throw new EntropicError('VALUE', fn, 'expected at least one label, got an empty yTrue');
  return [t, p];
}

/** Fraction of predictions equal to the true labels. */
export function accuracy(yTrue: VectorLike, yPred: VectorLike): number {
  const fn = 'accuracy';
  const t = toVector(fn, yTrue, 'yTrue');
  const p = toVector(fn, yPred, 'yPred');
  if (t.length !== p.length) throw new EntropicError('SHAPE', fn, `expected yPred with ${t.length} labels like yTrue, got ${p.length}`);
  if (t.length === 0) throw new EntropicError('VALUE', fn, 'expected at least one label, got an empty yTrue');
  let hits = 0;
  for (let i = 0; i < t.length; i++) if (t[i] === p[i]) hits++;
  return hits / t.length;
}

/** Options of {@link logLoss}. */
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
  const { eps } = parseOptions(fn, opts, { eps: opt.number({ min: 0, lt: 0.5, default: 1e-15 }) });
  const p = toScores(fn, probs, 'probs');
  const n = p.shape[0]!;
  const k = p.ndim === 1 ? 2 : p.shape[1]!;
  const y = toLabels(fn, yTrue, n, k, 'yTrue');
  if (n === 0) throw new EntropicError('VALUE', fn, 'expected at least one sample, got none');
  const d = p.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (!(v >= 0 && v <= 1)) throw new EntropicError('VALUE', fn, `expected probabilities in [0, 1], got ${v} at index ${i}`);
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

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /** Number of classes K (default: the largest label + 1). */
  numClasses?: number;
}

/** K×K counts: row = true class, column = predicted class (sklearn's layout). */
export function confusionMatrix(yTrue: VectorLike, yPred: VectorLike, opts: ConfusionMatrixOptions = {}): number[][] {
  const fn = 'confusionMatrix';
  const o = parseOptions(fn, opts, { numClasses: opt.number({ integer: true, min: 1 }) });
  const [t, p] = pairOfLabels(fn, yTrue, yPred);
  let k = o.numClasses;
  if (k === undefined) {
    k = 0;
    for (let i = 0; i < t.length; i++) k = Math.max(k, t[i]! + 1, p[i]! + 1);
  }
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < t.length; i++) {
    if (t[i]! >= k || p[i]! >= k) throw new EntropicError('VALUE', fn, `expected labels below numClasses ${k}, got ${Math.max(t[i]!, p[i]!)} at index ${i}`);
    m[t[i]!]![p[i]!]!++;
  }
  return m;
}

/** How per-class precision, recall and F1 are combined: scikit-learn's `average`. */
export type Average = 'binary' | 'macro' | 'micro' | 'weighted' | 'none';

/** Options of {@link precisionRecallF1}. */
export interface PrecisionRecallF1Options {
  /** 'binary' (default): the scores of `posLabel`; 'none': one value per class. */
  average?: Average;
  /** The positive class for `average: 'binary'` (default 1). */
  posLabel?: number;
  /** Number of classes K (default: the largest label + 1). */
  numClasses?: number;
  /** Value of a ratio whose denominator is 0 (default 0, as sklearn's with a warning). */
  zeroDivision?: number;
}

/** Precision, recall, F1 and support: numbers, or one per class for `average: 'none'`. */
export interface PrecisionRecallF1<T> {
  /** TP / (TP + FP). */
  precision: T;
  /** TP / (TP + FN). */
  recall: T;
  /** The harmonic mean of precision and recall. */
  f1: T;
  /** Number of true samples of the class (summed for the averages). */
  support: T;
}

const PRF_OPTIONS = {
  average: opt.oneOf(['binary', 'macro', 'micro', 'weighted', 'none'] as const, { default: 'binary' }),
  posLabel: opt.number({ integer: true, min: 0, max: 1, default: 1 }),
  numClasses: opt.number({ integer: true, min: 1 }),
  zeroDivision: opt.number({ min: 0, max: 1, default: 0 }),
};

/** Precision, recall and F1 as sklearn's `precision_recall_fscore_support`. */
export function precisionRecallF1(yTrue: VectorLike, yPred: VectorLike, opts: PrecisionRecallF1Options & { average: 'none' }): PrecisionRecallF1<number[]>;
export function precisionRecallF1(yTrue: VectorLike, yPred: VectorLike, opts?: PrecisionRecallF1Options): PrecisionRecallF1<number>;
export function precisionRecallF1(yTrue: VectorLike, yPred: VectorLike, opts: PrecisionRecallF1Options = {}): PrecisionRecallF1<number> | PrecisionRecallF1<number[]> {
  const fn = 'precisionRecallF1';
  const o = parseOptions(fn, opts, PRF_OPTIONS);
  const zd = o.zeroDivision;
  const cm = confusionMatrix(yTrue, yPred, o.numClasses === undefined ? {} : { numClasses: o.numClasses });
  const k = cm.length;
  const tp = cm.map((row, c) => row[c]!);
  const predicted = cm[0]!.map((_, c) => cm.reduce((s, row) => s + row[c]!, 0));
  const support = cm.map((row) => row.reduce((s, v) => s + v, 0));
  const ratio = (a: number, b: number) => (b === 0 ? zd : a / b);
  const f1Of = (p: number, r: number) => (p + r === 0 ? zd : (2 * p * r) / (p + r));
  if (o.average === 'micro') {
    const sumTp = tp.reduce((s, v) => s + v, 0);
    const total = support.reduce((s, v) => s + v, 0);
    const p = ratio(sumTp, total);
    return { precision: p, recall: p, f1: f1Of(p, p), support: total };
  }
  const precision = tp.map((v, c) => ratio(v, predicted[c]!));
  const recall = tp.map((v, c) => ratio(v, support[c]!));
  const f1 = precision.map((p, c) => f1Of(p, recall[c]!));
  if (o.average === 'none') return { precision, recall, f1, support };
  if (o.average === 'binary') {
    const pos = o.posLabel;
    if (k > 2) throw new EntropicError('VALUE', fn, `average 'binary' needs labels in {0, 1}, got ${k} classes; use average 'macro', 'micro', 'weighted' or 'none'`);
    const at = <T>(a: T[], fallback: T): T => a[pos] ?? fallback;
    return { precision: at(precision, zd), recall: at(recall, zd), f1: at(f1, zd), support: at(support, 0) };
  }
  const total = support.reduce((s, v) => s + v, 0);
  const weights = o.average === 'weighted' ? support.map((s) => (total === 0 ? 0 : s / total)) : support.map(() => 1 / k);
  const avg = (a: number[]) => a.reduce((s, v, c) => s + v * weights[c]!, 0);
  return { precision: avg(precision), recall: avg(recall), f1: avg(f1), support: total };
}

/** Options of {@link classificationReport}. */
export interface ClassificationReportOptions {
  /** A name per class (default the class index). */
  targetNames?: readonly string[];
  /** Number of classes K (default: the largest label + 1). */
  numClasses?: number;
  /** Digits in `text` (default 2, as scikit-learn). */
  digits?: number;
  /** Value of a ratio whose denominator is 0 (default 0). */
  zeroDivision?: number;
}

/** One row of a {@link ClassificationReport}. */
export interface ClassReportRow {
  /** Precision. */
  precision: number;
  /** Recall. */
  recall: number;
  /** F1 score. */
  f1: number;
  /** Number of true samples. */
  support: number;
}

/** What {@link classificationReport} returns: per-class rows, accuracy, averages and the printed table. */
export interface ClassificationReport {
  /** One row per class, by class index. */
  classes: (ClassReportRow & {
    /** The class's name (`targetNames`) or index. */
    label: string;
  })[];
  /** Fraction of correct predictions. */
  accuracy: number;
  /** Unweighted mean over the classes. */
  macroAvg: ClassReportRow;
  /** Mean over the classes weighted by support. */
  weightedAvg: ClassReportRow;
  /** The table as scikit-learn's `classification_report` prints it. */
  text: string;
}

/** Per-class precision, recall, F1 and support with their averages, as scikit-learn's `classification_report`. */
export function classificationReport(yTrue: VectorLike, yPred: VectorLike, opts: ClassificationReportOptions = {}): ClassificationReport {
  const fn = 'classificationReport';
  const o = parseOptions(fn, opts, {
    targetNames: opt.custom('an array of class names', (v): v is readonly string[] => Array.isArray(v) && v.every((s) => typeof s === 'string')),
    numClasses: opt.number({ integer: true, min: 1 }),
    digits: opt.number({ integer: true, min: 0, max: 15, default: 2 }),
    zeroDivision: opt.number({ min: 0, max: 1, default: 0 }),
  });
  const k = o.numClasses ?? o.targetNames?.length;
  const common = { zeroDivision: o.zeroDivision, ...(k === undefined ? {} : { numClasses: k }) };
  const per = precisionRecallF1(yTrue, yPred, { ...common, average: 'none' });
  if (o.targetNames !== undefined && o.targetNames.length !== per.support.length) {
    throw new EntropicError('SHAPE', fn, `expected ${per.support.length} targetNames (one per class), got ${o.targetNames.length}`);
  }
  const row = (average: 'macro' | 'weighted'): ClassReportRow => precisionRecallF1(yTrue, yPred, { ...common, average, numClasses: per.support.length });
  const classes = per.support.map((support, c) => ({
    label: o.targetNames?.[c] ?? String(c), precision: per.precision[c]!, recall: per.recall[c]!, f1: per.f1[c]!, support,
  }));
  const report = { classes, accuracy: accuracy(yTrue, yPred), macroAvg: row('macro'), weightedAvg: row('weighted') };
  return { ...report, text: reportText(report, o.digits) };
}

/** `v` to `digits` decimals as Python's format does: an exact tie goes to the even digit (JavaScript's toFixed rounds it up). */
function fixed(v: number, digits: number): string {
  const scaled = v * 10 ** digits;
  const floor = Math.floor(scaled);
  if (scaled - floor === 0.5 && floor % 2 === 0) return (floor / 10 ** digits).toFixed(digits);
  return v.toFixed(digits);
}

/** scikit-learn's layout: right-aligned columns after labels as wide as the longest (at least "weighted avg"). */
function reportText(r: Omit<ClassificationReport, 'text'>, digits: number): string {
  const width = Math.max('weighted avg'.length, ...r.classes.map((c) => c.label.length), digits);
  const cols = (...v: string[]) => v.map((c) => ` ${c.padStart(9)}`).join('');
  const line = (label: string, v: ClassReportRow) => `${label.padStart(width)} ${cols(fixed(v.precision, digits), fixed(v.recall, digits), fixed(v.f1, digits), String(v.support))}\n`;
  const total = r.classes.reduce((s, c) => s + c.support, 0);
  return `${''.padStart(width)} ${cols('precision', 'recall', 'f1-score', 'support')}\n\n${r.classes.map((c) => line(c.label, c)).join('')}\n`
    + `${'accuracy'.padStart(width)} ${cols('', '', fixed(r.accuracy, digits), String(total))}\n${line('macro avg', r.macroAvg)}${line('weighted avg', r.weightedAvg)}`;
}
