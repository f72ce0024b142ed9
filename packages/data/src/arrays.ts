/** `fromArrays`: plain JavaScript arrays to a checked Dataset. */
import { EntropicError, describeValue, opt, parseOptions } from '@entropic/core';
import type { DType, FloatDType } from './csv-table.js';
import type { Dataset, UnlabeledDataset } from './csv.js';
import { wrap } from './tensors.js';

export interface FromArraysOptions {
  /** dtype of X (default `'float32'`). */
  dtype?: FloatDType;
  /** dtype of y (default `'int32'`: class indices, every value must be an integer). */
  targetDtype?: DType;
  /** Names of the feature columns (default `"0"`, `"1"`, …). */
  featureNames?: readonly string[];
  /** Name of the target (default `"target"`). */
  targetName?: string;
  /** Class names in index order, kept as `targetNames` (default null). */
  targetNames?: readonly string[];
}

const strings = (v: unknown): v is readonly string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const ARRAYS_OPTIONS = {
  dtype: opt.oneOf(['float32', 'float64'] as const, { default: 'float32' }),
  targetDtype: opt.oneOf(['int32', 'float32', 'float64'] as const, { default: 'int32' }),
  featureNames: opt.custom('an array of strings', strings),
  targetName: opt.custom('a string', (v): v is string => typeof v === 'string', { default: 'target' }),
  targetNames: opt.custom('an array of strings', strings),
};

/**
 * Checks rows of numbers and a target and makes tensors of them: `X` `[n, d]` and `y` `[n]`.
 * `y` may be `null` for features only. Throws for ragged rows, non-numbers, non-integer
 * class indices and X/y length mismatch, naming the offending index.
 */
export function fromArrays(X: readonly ArrayLike<number>[], y: null, opts?: FromArraysOptions): UnlabeledDataset;
export function fromArrays(X: readonly ArrayLike<number>[], y: ArrayLike<number>, opts?: FromArraysOptions): Dataset;
export function fromArrays(
  X: readonly ArrayLike<number>[],
  y: ArrayLike<number> | null,
  opts?: FromArraysOptions,
): Dataset | UnlabeledDataset;
export function fromArrays(
  X: readonly ArrayLike<number>[],
  y: ArrayLike<number> | null,
  opts: FromArraysOptions = {},
): Dataset | UnlabeledDataset {
  const fn = 'fromArrays';
  const o = parseOptions(fn, opts, ARRAYS_OPTIONS);
  const { dtype, targetDtype } = o;
  if (!Array.isArray(X)) {
    throw new EntropicError('TYPE', fn, `expected X to be an array of rows (number[][]), got ${describeValue(X)}`);
  }
  const n = X.length;
  if (n === 0) throw new EntropicError('SHAPE', fn, 'expected at least one row in X, got an empty array');
  const first = X[0];
  if (!isRow(first)) throw new EntropicError('TYPE', fn, `expected X[0] to be an array of numbers, got ${describeValue(first)}`);
  const d = first.length;
  if (d === 0) throw new EntropicError('SHAPE', fn, 'expected at least one feature in X[0], got an empty row');
  const data = dtype === 'float64' ? new Float64Array(n * d) : new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = X[i];
    if (!isRow(row)) throw new EntropicError('TYPE', fn, `expected X[${i}] to be an array of numbers, got ${describeValue(row)}`);
    if (row.length !== d) {
      throw new EntropicError('SHAPE', fn, `ragged rows: X[0] has ${d} values but X[${i}] has ${row.length}`);
    }
    for (let j = 0; j < d; j++) {
      const v = row[j];
      if (typeof v !== 'number') throw new EntropicError('TYPE', fn, `expected X[${i}][${j}] to be a number, got ${describeValue(v)}`);
      data[i * d + j] = v;
    }
  }
  const featureNames = o.featureNames ? [...o.featureNames] : Array.from({ length: d }, (_, j) => String(j));
  if (featureNames.length !== d) {
    throw new EntropicError('SHAPE', fn, `expected ${d} featureNames (one per column of X), got ${featureNames.length}`);
  }
  const Xt = wrap(data, [n, d]);
  if (y === null) return { X: Xt, featureNames };
  if (!isRow(y)) throw new EntropicError('TYPE', fn, `expected y to be an array of numbers or null, got ${describeValue(y)}`);
  if (y.length !== n) {
    throw new EntropicError('SHAPE', fn, `expected X and y with the same number of samples, got ${n} rows in X and ${y.length} values in y`);
  }
  const yd = targetDtype === 'int32' ? new Int32Array(n) : targetDtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (typeof v !== 'number') throw new EntropicError('TYPE', fn, `expected y[${i}] to be a number, got ${describeValue(v)}`);
    if (targetDtype === 'int32' && (!Number.isInteger(v) || v < -2147483648 || v > 2147483647)) {
      throw new EntropicError(
        'VALUE',
        fn,
        `expected y[${i}] to be an integer class index (targetDtype 'int32'), got ${v}; pass { targetDtype: 'float32' } for a real-valued target`,
      );
    }
    yd[i] = v;
  }
  return {
    X: Xt,
    y: wrap(yd, [n]),
    featureNames,
    targetName: o.targetName,
    targetNames: o.targetNames ? [...o.targetNames] : null,
  };
}

function isRow(v: unknown): v is ArrayLike<number> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}
