// Step 3 — why cross-entropy rather than the squared error for a classifier: for a wrong,
// confident prediction (true y = 1, predicted P(y = 1) = 0.01) compare the two losses and their
// gradients, with respect to the probability p and to the logit z (p = σ(z)), by autodiff.
import { type Figure, mseVsCeSpec, writeFigure } from '../charts.js';
import { P_RIGHT, P_WRONG, lossAndGrads, lossCurves } from '../mseVsCeData.js';
import { type Table, formatTable } from '../format.js';
import { displayPath } from '../paths.js';
import { type StepContext, type StepResult, logger } from './types.js';

export { P_RIGHT, P_WRONG, type LossAndGrads, lossAndGrads, lossCurves } from '../mseVsCeData.js';

export async function runMseVsCe(ctx: StepContext): Promise<StepResult> {
  const log = logger(ctx);
  const wrong = lossAndGrads(P_WRONG);
  const right = lossAndGrads(P_RIGHT);
  const table: Table = {
    caption: 'True y = 1. Losses and gradients by autodiff (p = σ(z))',
    columns: ['prediction', 'loss', 'value', '∂loss/∂p', '∂loss/∂z'],
    rows: [
      [`wrong, P(y=1) = ${P_WRONG}`, 'MSE', wrong.mse, wrong.mseGradP, wrong.mseGradZ],
      [`wrong, P(y=1) = ${P_WRONG}`, 'cross-entropy', wrong.ce, wrong.ceGradP, wrong.ceGradZ],
      [`right, P(y=1) = ${P_RIGHT}`, 'MSE', right.mse, right.mseGradP, right.mseGradZ],
      [`right, P(y=1) = ${P_RIGHT}`, 'cross-entropy', right.ce, right.ceGradP, right.ceGradZ],
    ],
  };
  const lossRatio = wrong.ce / wrong.mse;
  const gradRatio = Math.abs(wrong.ceGradZ / wrong.mseGradZ);
  const figures: Figure[] = [
    await writeFigure(
      mseVsCeSpec(lossCurves(), P_WRONG),
      ctx.outDir,
      'mse-vs-ce',
      `Left: MSE (1 − p)² and cross-entropy −log p for a positive example. Right: the size of their gradient with respect to the logit z. The dashed line is the wrong, confident prediction p = ${P_WRONG}: the MSE gradient has all but vanished there (σ′(z) ≈ 0), the cross-entropy one is p − y ≈ −1.`,
    ),
  ];
  log('');
  log('── mse-vs-ce: a wrong, confident prediction ──');
  log(formatTable(table));
  log(
    `cross-entropy is ${lossRatio.toFixed(1)}× the MSE loss here, and its gradient with respect to z is ${gradRatio.toFixed(0)}× larger: ` +
      'MSE barely corrects the mistake, cross-entropy corrects it hardest.',
  );
  for (const f of figures) log(`wrote ${displayPath(f.svgPath)} and ${f.name}.png`);
  return {
    step: 'mse-vs-ce',
    title: 'MSE vs cross-entropy on a wrong, confident prediction',
    summary: `The truth is y = 1 and the model says P(y = 1) = ${P_WRONG}. The squared error is bounded by 1 (${wrong.mse.toFixed(4)}) while cross-entropy is −log ${P_WRONG} = ${wrong.ce.toFixed(4)}. What matters for learning is the gradient with respect to the logit z: through the sigmoid, MSE's gradient is 2(p − y)·p(1 − p) = ${wrong.mseGradZ.toFixed(4)}, almost nothing, while cross-entropy's is p − y = ${wrong.ceGradZ.toFixed(4)}, ${gradRatio.toFixed(0)}× larger. Cross-entropy punishes confident mistakes hardest, exactly where MSE goes flat.`,
    tables: [table],
    figures,
    numbers: {
      'MSE (wrong)': wrong.mse,
      'cross-entropy (wrong)': wrong.ce,
      '∂MSE/∂z (wrong)': wrong.mseGradZ,
      '∂CE/∂z (wrong)': wrong.ceGradZ,
      'gradient ratio CE/MSE': gradRatio,
    },
  };
}
