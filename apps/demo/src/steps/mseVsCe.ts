// Step 3 — why cross-entropy rather than the squared error for a classifier: for a wrong,
// confident prediction (true y = 1, predicted P(y = 1) = 0.01) compare the two losses and their
// gradients, with respect to the probability p and to the logit z (p = σ(z)), by autodiff.
import { type Tensor, linspace, sigmoid, sum, tensor } from '@entropic/core';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, mseLoss } from '@entropic/loss';
import { type Figure, type MseCePoint, mseVsCeSpec, writeFigure } from '../charts.js';
import { type Table, formatTable } from '../format.js';
import { displayPath } from '../paths.js';
import { type StepContext, type StepResult, logger, numbers } from './types.js';

/** The wrong, confident prediction: P(y = 1) = 0.01 when the truth is y = 1. */
export const P_WRONG = 0.01;
/** A right, confident one for contrast. */
export const P_RIGHT = 0.99;

export interface LossAndGrads {
  p: number;
  mse: number;
  ce: number;
  /** ∂/∂p */
  mseGradP: number;
  ceGradP: number;
  /** ∂/∂z with p = σ(z) */
  mseGradZ: number;
  ceGradZ: number;
}

type Loss = (input: Tensor, target: Tensor) => Tensor;

/** Value of `loss(f(leaf), target)` and its gradient with respect to the scalar leaf. */
function valueAndGradAt(x: number, f: (leaf: Tensor) => Tensor, loss: Loss): [number, number] {
  const leaf = tensor([x], { dtype: 'float64', requiresGrad: true });
  const value = loss(f(leaf), tensor([1], { dtype: 'float64' }));
  value.backward();
  const g = leaf.grad;
  if (g === null) throw new Error('mse-vs-ce: no gradient reached the input');
  return [value.item(), g.item()];
}

const mse: Loss = (input, target) => mseLoss(input, target);
const bce: Loss = (input, target) => binaryCrossEntropy(input, target);
const bceLogits: Loss = (input, target) => binaryCrossEntropyWithLogits(input, target);
const identity = (t: Tensor) => t;

/** Both losses and both gradients at a predicted probability `p` for the target y = 1. */
export function lossAndGrads(p: number): LossAndGrads {
  const z = Math.log(p) - Math.log1p(-p); // the logit whose σ is p: the input of the example
  const [mseValue, mseGradP] = valueAndGradAt(p, identity, mse);
  const [ceValue, ceGradP] = valueAndGradAt(p, identity, bce);
  const [, mseGradZ] = valueAndGradAt(z, sigmoid, mse);
  const [, ceGradZ] = valueAndGradAt(z, identity, bceLogits);
  return { p, mse: mseValue, ce: ceValue, mseGradP, ceGradP, mseGradZ, ceGradZ };
}

/** The two losses and |∂loss/∂z| over z ∈ [−7, 7], for the figure (elementwise, by autodiff). */
export function lossCurves(): MseCePoint[] {
  const n = 281;
  const target = tensor(new Array<number>(n).fill(1), { dtype: 'float64' });
  const zMse = linspace(-7, 7, n, { dtype: 'float64', requiresGrad: true });
  const mseNone = mseLoss(sigmoid(zMse), target, { reduction: 'none' });
  sum(mseNone).backward();
  const zCe = linspace(-7, 7, n, { dtype: 'float64', requiresGrad: true });
  const ceNone = binaryCrossEntropyWithLogits(zCe, target, { reduction: 'none' });
  sum(ceNone).backward();
  const p = numbers(sigmoid(zCe.detach()));
  const mseV = numbers(mseNone.detach());
  const ceV = numbers(ceNone.detach());
  if (zMse.grad === null || zCe.grad === null) throw new Error('mse-vs-ce: no gradient reached z');
  const mseG = numbers(zMse.grad);
  const ceG = numbers(zCe.grad);
  return [
    ...p.map((pi, i) => ({ p: pi, loss: ceV[i] ?? Number.NaN, grad: Math.abs(ceG[i] ?? Number.NaN), series: 'cross-entropy' as const })),
    ...p.map((pi, i) => ({ p: pi, loss: mseV[i] ?? Number.NaN, grad: Math.abs(mseG[i] ?? Number.NaN), series: 'MSE' as const })),
  ];
}

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
