// Step 1 — the article's figure: the sigmoid h = φ(z) = σ(z) for z from −10 to 10 in steps of
// 0.1, and the cost of one example, J = −log h if y = 1 and −log(1 − h) if y = 0, against h.
// Everything is computed by @entropic/core and @entropic/loss.
import { computeCurve, curvePoints } from '../curveData.js';
import { type Figure, curveSpec, sigmoidSpec, writeFigure } from '../charts.js';
import { type Table, formatTable } from '../format.js';
import { displayPath } from '../paths.js';
import { type StepContext, type StepResult, logger } from './types.js';

export { type CurveData, Y0, Y1, computeCurve, curvePoints } from '../curveData.js';

/** The index of z in the grid (z = −10 + 0.1·i). */
function at(z: number): number {
  return Math.round((z + 10) * 10);
}

export async function runCurve(ctx: StepContext): Promise<StepResult> {
  const log = logger(ctx);
  const data = computeCurve();
  const sample = [-5, -2, 0, 2, 5];
  const table: Table = {
    caption: 'h = σ(z) and the cost of one example (binaryCrossEntropy, reduction "none")',
    columns: ['z', 'h = φ(z)', 'J if y=1: −log h', 'J if y=0: −log(1−h)'],
    rows: sample.map((z) => {
      const i = at(z);
      return [z, data.h[i] ?? Number.NaN, data.costY1[i] ?? Number.NaN, data.costY0[i] ?? Number.NaN];
    }),
  };
  const figures: Figure[] = [
    await writeFigure(
      curveSpec(curvePoints(data)),
      ctx.outDir,
      'curve',
      'The cost of a single example against φ(z) = σ(z), z from −10 to 10: J(w) = −log φ(z) if y = 1 and −log(1 − φ(z)) if y = 0. Confident wrong predictions cost without bound.',
    ),
    await writeFigure(
      sigmoidSpec(data.z.map((z, i) => ({ z, h: data.h[i] ?? Number.NaN }))),
      ctx.outDir,
      'sigmoid',
      'The hypothesis h = φ(z) = σ(z) = 1 / (1 + e^−z): the logistic sigmoid maps any z to a probability in (0, 1), ½ at z = 0.',
    ),
  ];
  log('');
  log('── curve: the cost of one example against φ(z) ──');
  log(formatTable(table));
  log(`binaryCrossEntropy(σ(z)) and binaryCrossEntropyWithLogits(z) agree to ${data.maxLogitsDiff.toExponential(1)}`);
  for (const f of figures) log(`wrote ${displayPath(f.svgPath)} and ${f.name}.png`);
  const i0 = at(0);
  const i2 = at(2);
  return {
    step: 'curve',
    title: 'The cost of one example, J(w), against φ(z)',
    summary:
      'For a positive example (y = 1) the cost −log φ(z) falls to 0 as the predicted probability φ(z) goes to 1 and grows without bound as it goes to 0; for y = 0 it is the mirror image −log(1 − φ(z)). Small costs for right answers, huge ones for confident wrong answers.',
    tables: [table],
    figures,
    numbers: {
      'h at z=0': data.h[i0] ?? Number.NaN,
      'J(y=1) at z=0': data.costY1[i0] ?? Number.NaN,
      'J(y=1) at z=2': data.costY1[i2] ?? Number.NaN,
      'J(y=0) at z=2': data.costY0[i2] ?? Number.NaN,
      'max |BCE − BCEWithLogits|': data.maxLogitsDiff,
    },
  };
}
