// Step 2 — the article's one-hot example: three classes A, B, C, the true class is A (one-hot
// [1, 0, 0]). A good prediction [0.7, 0.2, 0.1] costs −log 0.7 = 0.3567, a bad one
// [0.1, 0.2, 0.7] costs −log 0.1 = 2.3026. Computed with crossEntropy and nllLoss.
import { log as logOp, tensor } from '@entropic/core';
import { crossEntropy, nllLoss } from '@entropic/loss';
import { type Figure, trueClassLossSpec, writeFigure } from '../charts.js';
import { type Table, formatTable } from '../format.js';
import { displayPath } from '../paths.js';
import { type StepContext, type StepResult, logger, numbers } from './types.js';

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

export async function runThreeClass(ctx: StepContext): Promise<StepResult> {
  const log = logger(ctx);
  const data = computeThreeClass();
  const table: Table = {
    caption: 'True class A, one-hot target [1, 0, 0]',
    columns: ['prediction', 'P(A)', 'P(B)', 'P(C)', 'crossEntropy', 'nllLoss', 'one-hot CE'],
    rows: data.predictions.map((p, i) => [
      i === 0 ? 'good' : 'bad',
      p[0] ?? Number.NaN,
      p[1] ?? Number.NaN,
      p[2] ?? Number.NaN,
      data.crossEntropy[i] ?? Number.NaN,
      data.nll[i] ?? Number.NaN,
      data.crossEntropyOneHot[i] ?? Number.NaN,
    ]),
  };
  const examples = data.predictions.map((p, i) => ({
    p: p[TRUE_CLASS] ?? Number.NaN,
    loss: data.crossEntropy[i] ?? Number.NaN,
    label: `[${p.join(', ')}] → ${(data.crossEntropy[i] ?? Number.NaN).toFixed(4)}`,
  }));
  const figures: Figure[] = [
    await writeFigure(
      trueClassLossSpec(data.curve, examples),
      ctx.outDir,
      'three-class',
      'Cross-entropy of a three-class prediction is −log of the probability given to the true class. The two example predictions of the article are marked.',
    ),
  ];
  log('');
  log('── three-class: cross-entropy of a one-hot target ──');
  log(formatTable(table));
  for (const f of figures) log(`wrote ${displayPath(f.svgPath)} and ${f.name}.png`);
  return {
    step: 'three-class',
    title: 'Three classes, one-hot target',
    summary:
      'With a one-hot target only the probability given to the true class counts: the loss is −log P(A). Putting 0.7 on A costs 0.3567; putting 0.1 on it costs 2.3026, more than six times as much. crossEntropy (on log-probabilities used as logits), nllLoss and crossEntropy with the one-hot vector as target agree.',
    tables: [table],
    figures,
    numbers: {
      'loss of [0.7, 0.2, 0.1]': data.crossEntropy[0] ?? Number.NaN,
      'loss of [0.1, 0.2, 0.7]': data.crossEntropy[1] ?? Number.NaN,
    },
  };
}
