// Fitting and scoring the logistic regression: browser-safe, shared by the CLI's train step and
// the web page's worker.
import { LogisticRegression, accuracy, confusionMatrix, logLoss, rocAuc } from '@entropic/model';
import type { Solver } from '@entropic/model';
import type { PreparedSplit } from './prepare.js';
import { numbers } from './util.js';

export type { Solver };

export interface FitOptions {
  solver: Solver;
  /** learning rate; undefined: the solver's default (L-BFGS: the line search's first trial step, 1) */
  lr?: number;
  /** iterations (gd, lbfgs) or epochs (sgd, adam) */
  epochs: number;
  /** L2 penalty λ: objective mean cross-entropy + (λ/2)‖w‖² */
  l2: number;
  seed: number;
}

/**
 * Fits `LogisticRegression` on the training rows; `onEpoch(epoch, loss, trainAccuracy)` is called
 * after every epoch (1-based) with the mean cross-entropy and the training accuracy so far.
 */
export function fitLogistic(
  split: PreparedSplit,
  opts: FitOptions,
  onEpoch?: (epoch: number, loss: number, trainAccuracy: number) => void,
): LogisticRegression {
  const model = new LogisticRegression({
    solver: opts.solver,
    ...(opts.lr !== undefined ? { lr: opts.lr } : {}),
    maxIter: opts.epochs,
    l2: opts.l2,
    seed: opts.seed,
  });
  // EpochInfo.epoch is 0-based; the model's parameters are the current ones during the callback.
  model.fit(
    split.XTrain,
    split.yTrain,
    onEpoch ? { onEpoch: (info) => onEpoch(info.epoch + 1, info.loss, model.score(split.XTrain, split.yTrain)) } : {},
  );
  return model;
}

/**
 * The training objective per iteration, for the loss-curve figure. For 'gd' and 'lbfgs' the
 * model's history holds the objective at the start of each iteration: point k is the value
 * after k updates, and the value after the last update (`final`) closes the curve. For 'sgd' and
 * 'adam' the history holds each epoch's mean over its mini-batches: point k is epoch k.
 */
export function objectiveCurve(model: LogisticRegression, solver: Solver, final: number): { epoch: number; loss: number }[] {
  const h = model.history;
  if (solver === 'sgd' || solver === 'adam') return h.map((loss, i) => ({ epoch: i + 1, loss }));
  const points = h.map((loss, i) => ({ epoch: i, loss }));
  // A converged run stopped before updating again: its last point is already the final value.
  if (!model.converged) points.push({ epoch: h.length, loss: final });
  return points;
}

export interface TestMetrics {
  trainAccuracy: number;
  testAccuracy: number;
  testLogLoss: number;
  testRocAuc: number;
  /** [[TN, FP], [FN, TP]]: rows the true class 0/1, columns the predicted one */
  confusion: number[][];
  /** P(y = 1) of every test row */
  testProba: number[];
  /** the training objective at the fitted parameters (after the last update) */
  finalObjective: number;
}

export function testMetrics(model: LogisticRegression, split: PreparedSplit): TestMetrics {
  const proba = model.predictProba(split.XTest);
  const pred = model.predict(split.XTest);
  return {
    trainAccuracy: model.score(split.XTrain, split.yTrain),
    testAccuracy: accuracy(split.yTest, pred),
    testLogLoss: logLoss(split.yTest, proba),
    testRocAuc: rocAuc(split.yTest, proba),
    confusion: confusionMatrix(split.yTest, pred, { numClasses: 2 }),
    testProba: numbers(proba),
    finalObjective: model.objective(split.XTrain, split.yTrain),
  };
}
