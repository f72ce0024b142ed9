/** Regression metrics with scikit-learn's definitions: `mse`, `mae`, `r2Score`. */
import { EntropicError, type Tensor, opt, parseOptions } from '@entropic/core';
import { type VectorLike, toSampleWeight, toScores } from './input.js';

type Values = VectorLike | readonly (readonly number[])[];

/** Options of the regression metrics. */
export interface RegressionMetricOptions {
  /** One weight per sample (default none). */
  sampleWeight?: VectorLike;
}

/** yTrue and yPred as [n, t] columns of equal shape, finite, with the weights. */
function pair(fn: string, yTrue: Values, yPred: Values, opts: RegressionMetricOptions) {
  const o = parseOptions(fn, opts, {
    sampleWeight: opt.custom('one weight per sample (a Tensor [n], number[] or typed array)', (v): v is VectorLike => typeof v === 'object' && v !== null),
  });
  const t = toScores(fn, yTrue as Tensor, 'yTrue');
  const p = toScores(fn, yPred as Tensor, 'yPred');
  if (t.shape.join() !== p.shape.join()) throw new EntropicError('SHAPE', fn, `expected yPred of yTrue's shape [${t.shape.join(', ')}], got [${p.shape.join(', ')}]`);
  const n = t.shape[0]!;
  if (n === 0) throw new EntropicError('VALUE', fn, 'expected at least one sample, got none');
  for (const [name, a] of [['yTrue', t.data], ['yPred', p.data]] as const) {
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) throw new EntropicError('NON_FINITE', fn, `expected finite ${name}, got ${a[i]} at index ${i}`);
  }
  const w = o.sampleWeight === undefined ? null : toSampleWeight(fn, o.sampleWeight, n, 'float64').data;
  return { t: t.data, p: p.data, n, cols: t.size / n, w };
}

/** The weighted mean of `f(i)` over the samples (weights 1 when none are given). */
function weightedMean(n: number, w: ArrayLike<number> | null, f: (i: number) => number): number {
  let s = 0;
  let ws = 0;
  for (let i = 0; i < n; i++) {
    const wi = w === null ? 1 : w[i]!;
    s += wi * f(i);
    ws += wi;
  }
  return s / ws;
}

/** `score` of each output column, averaged uniformly over the outputs (scikit-learn's `multioutput='uniform_average'`). */
function perOutput(fn: string, yTrue: Values, yPred: Values, opts: RegressionMetricOptions, score: (y: (i: number) => number, yHat: (i: number) => number, n: number, w: ArrayLike<number> | null) => number): number {
  const { t, p, n, cols, w } = pair(fn, yTrue, yPred, opts);
  let total = 0;
  for (let c = 0; c < cols; c++) total += score((i) => t[i * cols + c]!, (i) => p[i * cols + c]!, n, w);
  return total / cols;
}

/** Mean squared error (scikit-learn's `mean_squared_error`; several outputs: their plain average). */
export function mse(yTrue: Values, yPred: Values, opts: RegressionMetricOptions = {}): number {
  return perOutput('mse', yTrue, yPred, opts, (y, yHat, n, w) => weightedMean(n, w, (i) => (y(i) - yHat(i)) ** 2));
}

/** Mean absolute error (scikit-learn's `mean_absolute_error`). */
export function mae(yTrue: Values, yPred: Values, opts: RegressionMetricOptions = {}): number {
  return perOutput('mae', yTrue, yPred, opts, (y, yHat, n, w) => weightedMean(n, w, (i) => Math.abs(y(i) - yHat(i))));
}

/**
 * R² = 1 − Σw(y − ŷ)² / Σw(y − ȳ)², as scikit-learn's `r2_score` (several outputs: their plain
 * average). A constant yTrue gives 1 for a perfect prediction and 0 otherwise, as scikit-learn.
 */
export function r2Score(yTrue: Values, yPred: Values, opts: RegressionMetricOptions = {}): number {
  return perOutput('r2Score', yTrue, yPred, opts, (y, yHat, n, w) => {
    const mean = weightedMean(n, w, y);
    // Ratios of weighted means equal ratios of weighted sums.
    const residual = weightedMean(n, w, (i) => (y(i) - yHat(i)) ** 2);
    const spread = weightedMean(n, w, (i) => (y(i) - mean) ** 2);
    return spread !== 0 ? 1 - residual / spread : residual === 0 ? 1 : 0;
  });
}
