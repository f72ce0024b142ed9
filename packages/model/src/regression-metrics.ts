/** Regression metrics with scikit-learn's definitions: `mse`, `mae`, `r2Score`. */
import { EntropicError, type Tensor, opt, parseOptions } from '@entropic/core';
import { type VectorLike, toSampleWeight, toScores } from './input.js';

type Values = VectorLike | readonly (readonly number[])[];

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

/** Per-output weighted mean of f(true, pred), averaged uniformly over the outputs. */
function meanOf(fn: string, yTrue: Values, yPred: Values, opts: RegressionMetricOptions, f: (a: number, b: number) => number): number {
  const { t, p, n, cols, w } = pair(fn, yTrue, yPred, opts);
  let total = 0;
  for (let c = 0; c < cols; c++) {
    let s = 0;
    let ws = 0;
    for (let i = 0; i < n; i++) {
      const wi = w === null ? 1 : w[i]!;
      s += wi * f(t[i * cols + c]!, p[i * cols + c]!);
      ws += wi;
    }
    total += s / ws;
  }
  return total / cols;
}

/** Mean squared error (scikit-learn's `mean_squared_error`; several outputs: their plain average). */
export function mse(yTrue: Values, yPred: Values, opts: RegressionMetricOptions = {}): number {
  return meanOf('mse', yTrue, yPred, opts, (a, b) => (a - b) * (a - b));
}

/** Mean absolute error (scikit-learn's `mean_absolute_error`). */
export function mae(yTrue: Values, yPred: Values, opts: RegressionMetricOptions = {}): number {
  return meanOf('mae', yTrue, yPred, opts, (a, b) => Math.abs(a - b));
}

/**
 * R² = 1 − Σw(y − ŷ)² / Σw(y − ȳ)², as scikit-learn's `r2_score` (several outputs: their plain
 * average). A constant yTrue gives 1 for a perfect prediction and 0 otherwise, as scikit-learn.
 */
export function r2Score(yTrue: Values, yPred: Values, opts: RegressionMetricOptions = {}): number {
  const { t, p, n, cols, w } = pair('r2Score', yTrue, yPred, opts);
  let total = 0;
  for (let c = 0; c < cols; c++) {
    let ws = 0;
    let mean = 0;
    for (let i = 0; i < n; i++) {
      const wi = w === null ? 1 : w[i]!;
      ws += wi;
      mean += wi * t[i * cols + c]!;
    }
    mean /= ws;
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      const wi = w === null ? 1 : w[i]!;
      const y = t[i * cols + c]!;
      num += wi * (y - p[i * cols + c]!) ** 2;
      den += wi * (y - mean) ** 2;
    }
    total += den !== 0 ? 1 - num / den : num === 0 ? 1 : 0;
  }
  return total / cols;
}
