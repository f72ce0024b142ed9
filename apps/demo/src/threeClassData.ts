// The article's one-hot example, computed with the packages (browser-safe: used by the CLI's
// three-class step and by the web page): three classes A, B, C, the true class is A (one-hot
// [1, 0, 0]). A good prediction [0.7, 0.2, 0.1] costs −log 0.7 = 0.3567, a bad one
// [0.1, 0.2, 0.7] costs −log 0.1 = 2.3026. Computed with crossEntropy and nllLoss.
import { log as logOp, tensor } from '@entropic/core';
import { crossEntropy, nllLoss } from '@entropic/loss';
import { numbers } from './util.js';

export const PREDICTIONS: readonly (readonly [number, number, number])[] = [
  [0.7, 0.2, 0.1],
  [0.1, 0.2, 0.7],
];
export const CLASSES = ['A', 'B', 'C'] as const;
/** index of the true class, A */
export const TRUE_CLASS = 0;

export interface ThreeClassData {
  predictions: number[][];
  /** crossEntropy(log p, class index), reduction 'none' — one loss per prediction */
  crossEntropy: number[];
  /** crossEntropy(log p, one-hot target as class probabilities) */
  crossEntropyOneHot: number[];
  /** nllLoss(log p, class index) */
  nll: number[];
  /** −log p of the true class over a grid of p, for the figure */
  curve: { p: number; loss: number }[];
}

export function computeThreeClass(): ThreeClassData {
  const probs = tensor(PREDICTIONS.map((r) => [...r]), { dtype: 'float64' });
  // log p are valid logits: softmax(log p) = p when the p sum to 1, so crossEntropy on them is
  // the cross-entropy of the predicted distribution p against the target.
  const logProbs = logOp(probs);
  const target = tensor([TRUE_CLASS, TRUE_CLASS], { dtype: 'int32' });
  const ce = crossEntropy(logProbs, target, { reduction: 'none' });
  // The article's one-hot vector for A, as class probabilities.
  const oneHotA = tensor([[1, 0, 0], [1, 0, 0]], { dtype: 'float64' });
  const ceOneHot = crossEntropy(logProbs, oneHotA, { reduction: 'none' });
  const nll = nllLoss(logProbs, target, { reduction: 'none' });

  // The loss for every probability p of the true class: rows [p, (1 − p)/2, (1 − p)/2].
  const grid: number[] = [];
  for (let i = 1; i <= 200; i++) grid.push(i / 200);
  const rows = tensor(
    grid.map((p) => [p, (1 - p) / 2, (1 - p) / 2]),
    { dtype: 'float64' },
  );
  const gridTarget = tensor(
    grid.map(() => TRUE_CLASS),
    { dtype: 'int32' },
  );
  const curveLoss = numbers(nllLoss(logOp(rows), gridTarget, { reduction: 'none' }));
  return {
    predictions: PREDICTIONS.map((r) => [...r]),
    crossEntropy: numbers(ce),
    crossEntropyOneHot: numbers(ceOneHot),
    nll: numbers(nll),
    curve: grid.map((p, i) => ({ p, loss: curveLoss[i] ?? Number.NaN })),
  };
}

/** Cross-entropy of one prediction `probs` (summing to 1) for the true class A, by crossEntropy. */
export function crossEntropyForA(probs: readonly number[]): number {
  const logProbs = logOp(tensor([[...probs]], { dtype: 'float64' }));
  return crossEntropy(logProbs, tensor([TRUE_CLASS], { dtype: 'int32' })).item();
}
