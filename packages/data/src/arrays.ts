/** `fromArrays`: plain JavaScript arrays to a checked Dataset. */
import { type DType, type FloatDType, show } from './csv-table.js';
import type { Dataset, UnlabeledDataset } from './csv.js';
import { checkOptions, wrap } from './tensors.js';

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

const KEYS = new Set(['dtype', 'targetDtype', 'featureNames', 'targetName', 'targetNames']);

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
  checkOptions(fn, opts, KEYS);
  const dtype = opts.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new Error(`${fn}: dtype must be 'float32' or 'float64', got ${show(dtype)}`);
  }
  const targetDtype = opts.targetDtype ?? 'int32';
  if (targetDtype !== 'int32' && targetDtype !== 'float32' && targetDtype !== 'float64') {
    throw new Error(`${fn}: targetDtype must be 'int32', 'float32' or 'float64', got ${show(targetDtype)}`);
  }
  if (!Array.isArray(X)) {
    throw new Error(`${fn}: expected X to be an array of rows (number[][]), got ${show(X)}`);
  }
  const n = X.length;
  if (n === 0) throw new Error(`${fn}: X is empty: expected at least one row`);
  const first = X[0];
  if (!isRow(first)) throw new Error(`${fn}: expected X[0] to be an array of numbers, got ${show(first)}`);
  const d = first.length;
  if (d === 0) throw new Error(`${fn}: X[0] is empty: expected at least one feature`);
  const data = dtype === 'float64' ? new Float64Array(n * d) : new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = X[i];
    if (!isRow(row)) throw new Error(`${fn}: expected X[${i}] to be an array of numbers, got ${show(row)}`);
    if (row.length !== d) {
      throw new Error(`${fn}: ragged rows: X[0] has ${d} values but X[${i}] has ${row.length}`);
    }
    for (let j = 0; j < d; j++) {
      const v = row[j];
      if (typeof v !== 'number') throw new Error(`${fn}: X[${i}][${j}] must be a number, got ${show(v)}`);
      data[i * d + j] = v;
    }
  }
  const featureNames = opts.featureNames ? [...opts.featureNames] : Array.from({ length: d }, (_, j) => String(j));
  if (featureNames.length !== d) {
    throw new Error(`${fn}: featureNames has ${featureNames.length} names but X has ${d} columns`);
  }
  const Xt = wrap(data, [n, d]);
  if (y === null) return { X: Xt, featureNames };
  if (!isRow(y)) throw new Error(`${fn}: expected y to be an array of numbers or null, got ${show(y)}`);
  if (y.length !== n) {
    throw new Error(`${fn}: X and y must have the same number of samples, got ${n} rows in X and ${y.length} values in y`);
  }
  const yd = targetDtype === 'int32' ? new Int32Array(n) : targetDtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (typeof v !== 'number') throw new Error(`${fn}: y[${i}] must be a number, got ${show(v)}`);
    if (targetDtype === 'int32' && (!Number.isInteger(v) || v < -2147483648 || v > 2147483647)) {
      throw new Error(
        `${fn}: y[${i}] must be an integer class index (targetDtype 'int32'), got ${v}; pass { targetDtype: 'float32' } for a real-valued target`,
      );
    }
    yd[i] = v;
  }
  return {
    X: Xt,
    y: wrap(yd, [n]),
    featureNames,
    targetName: opts.targetName ?? 'target',
    targetNames: opts.targetNames ? [...opts.targetNames] : null,
  };
}

function isRow(v: unknown): v is ArrayLike<number> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}
