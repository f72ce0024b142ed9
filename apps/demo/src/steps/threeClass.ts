// Step 2 — the article's one-hot example: three classes A, B, C, the true class is A (one-hot
// [1, 0, 0]). A good prediction [0.7, 0.2, 0.1] costs −log 0.7 = 0.3567, a bad one
// [0.1, 0.2, 0.7] costs −log 0.1 = 2.3026. Computed with crossEntropy and nllLoss.
import { type Figure, trueClassLossSpec, writeFigure } from '../charts.js';
import { type Table, formatTable } from '../format.js';
import { displayPath } from '../paths.js';
import { TRUE_CLASS, computeThreeClass } from '../threeClassData.js';
import { type StepContext, type StepResult, logger } from './types.js';

export { CLASSES, PREDICTIONS, TRUE_CLASS, type ThreeClassData, computeThreeClass } from '../threeClassData.js';

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
