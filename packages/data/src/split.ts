/** `trainTestSplit`: a seeded (optionally stratified) random split into train and test sets. */
import { EntropicError, type Tensor, describeValue, opt, parseOptions, randomSeed, shapeToString } from '@entropic/core';
import { seedOption } from './rng.js';
import { splitIndices, testCount } from './stats.js';
import { type TypedArray, checkSameRows, checkTensor, isTensor, takeRows } from './tensors.js';

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

const SPLIT_OPTIONS = {
  testSize: opt.number({ gt: 0, lt: 1, default: 0.25 }),
  shuffle: opt.boolean({ default: true }),
  seed: seedOption,
  stratify: opt.custom(
    'true, false, a Tensor or an array of labels',
    (v): v is boolean | Tensor | ArrayLike<number> => typeof v === 'boolean' || isTensor(v) || Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)),
    { default: false as boolean | Tensor | ArrayLike<number> },
  ),
};

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
  const o = parseOptions(fn, opts, SPLIT_OPTIONS);
  const x = checkTensor(fn, 'X', X, { minDim: 1 });
  const yt = checkTensor(fn, 'y', y, { minDim: 1 });
  checkSameRows(fn, x, yt);
  const n = x.shape[0]!;
  const { testSize, shuffle } = o;
  const nTest = testCount(testSize, n);
  if (nTest >= n) {
    throw new EntropicError('VALUE', fn, `testSize ${testSize} of ${n} samples puts ${nTest} in the test set and leaves the train set empty`);
  }
  const seed = o.seed ?? randomSeed();
  let labels: ArrayLike<number> | null = null;
  const s = o.stratify;
  if (s !== false) {
    if (!shuffle) throw new EntropicError('OPTION', fn, 'stratify needs shuffle: true (an unshuffled split cannot be stratified)');
    if (s === true) {
      if (yt.shape.length !== 1) {
        throw new EntropicError('SHAPE', fn, `stratify: true needs y of shape [n] (class labels), got ${shapeToString(yt.shape)}`);
      }
      labels = yt.data as TypedArray;
    } else if (isTensor(s)) {
      if (s.shape.length !== 1 || s.shape[0] !== n) {
        throw new EntropicError('SHAPE', fn, `expected stratify labels of shape [${n}] (one per sample), got ${shapeToString(s.shape)}`);
      }
      labels = s.data as TypedArray;
    } else {
      const a = s as ArrayLike<unknown>;
      if (a.length !== n) throw new EntropicError('SHAPE', fn, `expected ${n} stratify labels (one per sample), got ${a.length}`);
      labels = a as ArrayLike<number>;
    }
    for (let i = 0; i < n; i++) {
      const v = labels[i];
      if (typeof v !== 'number' || Number.isNaN(v)) {
        throw new EntropicError('VALUE', fn, `expected stratify labels to be numbers, got ${describeValue(v)} at index ${i}`);
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
