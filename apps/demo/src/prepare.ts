// Train/test preparation shared by the CLI's train step and the web page's worker (browser-safe):
// a seeded, stratified split, then standardisation with the training rows' statistics only.
import type { Tensor } from '@entropic/core';
import { StandardScaler, trainTestSplit } from '@entropic/data';

export interface PreparedSplit {
  XTrain: Tensor;
  XTest: Tensor;
  yTrain: Tensor;
  yTest: Tensor;
}

export function prepareSplit(X: Tensor, y: Tensor, opts: { testSize: number; seed: number }): PreparedSplit {
  const split = trainTestSplit(X, y, { testSize: opts.testSize, seed: opts.seed, stratify: true });
  const scaler = new StandardScaler();
  const XTrain = scaler.fitTransform(split.XTrain);
  const XTest = scaler.transform(split.XTest);
  return { XTrain, XTest, yTrain: split.yTrain, yTest: split.yTest };
}
