/** `trainTestSplit`: a seeded (optionally stratified) random split into train and test sets. */
import type { Tensor } from '@entropic/core';
import { show } from './csv-table.js';
import { checkSeed, randomSeed } from './rng.js';
import { splitIndices, testCount } from './stats.js';
import { type TypedArray, checkOptions, checkSameRows, checkTensor, isTensor, shapeStr, takeRows } from './tensors.js';

/** Options of {@link trainTestSplit}. */
export interface TrainTestSplitOptions {
  /** Fraction of the samples in the test set, in (0, 1) (default 0.25, as scikit-learn); the count is rounded up. */
  testSize?: number;
  /** Shuffle before splitting (default true); `false` takes the last rows as the test set. */
  shuffle?: boolean;
  /** Seed of the shuffle (any safe integer). Without one the split differs from run to run. */
  seed?: number;
  /**
   * Keep the class proportions in both sets: `true` stratifies on `y`; or give the labels
   * (a Tensor `[n]` or an array) to stratify on. Needs `shuffle`.
   */
  stratify?: boolean | Tensor | ArrayLike<number>;
}

/** The two sets {@link trainTestSplit} makes, and the row indices they came from. */
export interface TrainTestSplit {
  /** Features of the training set. */
  XTrain: Tensor;
  /** Features of the test set. */
  XTest: Tensor;
  /** Targets of the training set. */
  yTrain: Tensor;
  /** Targets of the test set. */
  yTest: Tensor;
  /** Row indices of the train samples in the original X, in train order. */
  trainIndices: Int32Array;
  /** Row indices of the test samples in the original X, in test order. */
  testIndices: Int32Array;
}

const KEYS = new Set(['testSize', 'shuffle', 'seed', 'stratify']);

/**
 * Splits `X` (`[n, …]`) and `y` (`[n, …]`) into random train and test subsets, as
 * scikit-learn's `train_test_split`: `ceil(testSize · n)` test samples. The same seed gives
 * the same split on every platform.
 *
 * ```ts
 * const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, y, { testSize: 0.2, seed: 0, stratify: true });
 * ```
 */
export function trainTestSplit(X: Tensor, y: Tensor, opts: TrainTestSplitOptions = {}): TrainTestSplit {
  const fn = 'trainTestSplit';
  checkOptions(fn, opts, KEYS);
  const x = checkTensor(fn, 'X', X, { minDim: 1 });
  const yt = checkTensor(fn, 'y', y, { minDim: 1 });
  checkSameRows(fn, x, yt);
  const n = x.shape[0]!;
  const testSize = opts.testSize ?? 0.25;
  if (typeof testSize !== 'number' || !(testSize > 0 && testSize < 1)) {
    throw new Error(`${fn}: testSize must be a fraction in (0, 1), got ${show(testSize)}`);
  }
  const nTest = testCount(testSize, n);
  if (nTest >= n) {
    throw new Error(
      `${fn}: testSize ${testSize} of ${n} samples puts ${nTest} in the test set and leaves the train set empty`,
    );
  }
  const shuffle = opts.shuffle ?? true;
  if (typeof shuffle !== 'boolean') throw new Error(`${fn}: shuffle must be true or false, got ${show(shuffle)}`);
  const seed = opts.seed === undefined ? randomSeed() : checkSeed(fn, opts.seed);
  let labels: ArrayLike<number> | null = null;
  const s = opts.stratify ?? false;
  if (s !== false) {
    if (!shuffle) throw new Error(`${fn}: stratify needs shuffle: true (an unshuffled split cannot be stratified)`);
    if (s === true) {
      if (yt.shape.length !== 1) {
        throw new Error(`${fn}: stratify: true needs y of shape [n] (class labels), got ${shapeStr(yt.shape)}`);
      }
      labels = yt.data as TypedArray;
    } else if (isTensor(s)) {
      if (s.shape.length !== 1 || s.shape[0] !== n) {
        throw new Error(`${fn}: stratify labels must have shape [${n}] (one per sample), got ${shapeStr(s.shape)}`);
      }
      labels = s.data as TypedArray;
    } else if (Array.isArray(s) || ArrayBuffer.isView(s)) {
      const a = s as ArrayLike<unknown>;
      if (a.length !== n) throw new Error(`${fn}: stratify labels must have ${n} entries (one per sample), got ${a.length}`);
      labels = a as ArrayLike<number>;
    } else {
      throw new Error(`${fn}: stratify must be true, false, a Tensor or an array of labels, got ${show(s)}`);
    }
    for (let i = 0; i < n; i++) {
      const v = labels[i];
      if (typeof v !== 'number' || Number.isNaN(v)) {
        throw new Error(`${fn}: stratify labels must be numbers, got ${show(v)} at index ${i}`);
      }
    }
  }
  const { train, test } = splitIndices(fn, n, nTest, { shuffle, seed, stratify: labels });
  return {
    XTrain: takeRows(x, train),
    XTest: takeRows(x, test),
    yTrain: takeRows(yt, train),
    yTest: takeRows(yt, test),
    trainIndices: train,
    testIndices: test,
  };
}
