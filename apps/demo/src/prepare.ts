// Train/test preparation shared by the CLI's train step and the web page's worker (browser-safe):
// a seeded, stratified split, then standardisation with the training rows' statistics only.
import type { Tensor } from '@entropic/core';
import { StandardScaler, trainTestSplit } from '@entropic/data';

export interface PreparedSplit {
  XTrain: Tensor;
  XTest: Tensor;
  yTrain: Tensor;
  yTest: Tensor;
  /** fitted on the training rows; a saved model keeps it to scale new rows the same way */
  scaler: StandardScaler;
}

export function prepareSplit(X: Tensor, y: Tensor, opts: { testSize: number; seed: number }): PreparedSplit {
  const split = trainTestSplit(X, y, { testSize: opts.testSize, seed: opts.seed, stratify: true });
  const scaler = new StandardScaler();
  const XTrain = scaler.fitTransform(split.XTrain);
  const XTest = scaler.transform(split.XTest);
  return { XTrain, XTest, yTrain: split.yTrain, yTest: split.yTest, scaler };
}

/**
 * Test rows of a split of `n` rows: ceil(testSize · n), as scikit-learn's train_test_split
 * (a product within rounding error of a whole number counts as that number: 0.3 · 10 is 3).
 */
export function testRows(testSize: number, n: number): number {
  const x = testSize * n;
  const r = Math.round(x);
  return Math.abs(x - r) < 1e-9 * Math.max(1, n) ? r : Math.ceil(x);
}
