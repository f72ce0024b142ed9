// MSE against cross-entropy for a positive example, computed by autodiff with the packages
// (browser-safe: used by the CLI's mse-vs-ce step and by the web page): for a wrong, confident
// prediction (true y = 1, predicted P(y = 1) = 0.01) the two losses and their gradients with
// respect to the probability p and to the logit z (p = σ(z)).
import { type Tensor, linspace, sigmoid, sum, tensor } from '@entropic/core';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, mseLoss } from '@entropic/loss';
import type { MseCePoint } from './specs.js';
import { numbers } from './util.js';

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
