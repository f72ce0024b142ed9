/** The article's numbers: the three-class example and the two binary log-loss curves. */
import { describe, expect, it } from 'vitest';
import { log, sigmoid, tensor } from '@entropic/core';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, nllLoss } from '../src/index.js';
import { f64, i32 } from './helpers.js';

const probs = [0.7, 0.2, 0.1];
const MINUS_LOG_0_7 = 0.35667494393873245;
// biome-ignore lint/suspicious/noApproximativeNumericConstant: −log(0.1) in float64 is one ulp below Math.LN10; that is the point
const MINUS_LOG_0_1 = 2.3025850929940455;

describe("the article's three-class example, p = [0.7, 0.2, 0.1]", () => {
  it('gives −log(0.7) = 0.35667494393873245 for the first class and −log(0.1) = 2.3025850929940455 for the third', () => {
    const logProbs = log(f64(probs, [1, 3]));
    expect(nllLoss(logProbs, i32([0])).item()).toBe(MINUS_LOG_0_7);
    expect(nllLoss(logProbs, i32([2])).item()).toBe(MINUS_LOG_0_1);
    // 0.1 is not exactly 1/10 in float64: one ulp below ln 10.
    expect(MINUS_LOG_0_1).toBe(Math.LN10 - 2 ** -51);
  });

  it('gives the same numbers from one-hot probability targets on the logits log p (up to an ulp)', () => {
    const logits = log(f64(probs, [1, 3]));
    const first = crossEntropy(logits, f64([1, 0, 0], [1, 3])).item();
    const third = crossEntropy(logits, f64([0, 0, 1], [1, 3])).item();
    expect(Math.abs(first - MINUS_LOG_0_7)).toBeLessThanOrEqual(2 * Number.EPSILON * 0.36);
    expect(Math.abs(third - MINUS_LOG_0_1)).toBeLessThanOrEqual(2 * Number.EPSILON * 2.31);
    // and from class indices, both rows at once
    const both = crossEntropy(log(f64([...probs, ...probs], [2, 3])), i32([0, 2]), { reduction: 'none' });
    const [a, b] = both.toArray() as number[];
    expect(a).toBeCloseTo(MINUS_LOG_0_7, 15);
    expect(b).toBeCloseTo(MINUS_LOG_0_1, 15);
  });

  it('binaryCrossEntropy of the one-hot vector is the sum of the three binary log losses', () => {
    // −[log 0.7 + log 0.8 + log 0.9]: every class is a yes/no question.
    const v = binaryCrossEntropy(f64(probs, [3]), f64([1, 0, 0], [3]), { reduction: 'sum' }).item();
    expect(v).toBeCloseTo(-(Math.log(0.7) + Math.log1p(-0.2) + Math.log1p(-0.1)), 15);
  });
});

describe("the article's binary curves at z ∈ {−10, …, 10}", () => {
  const zs = Array.from({ length: 21 }, (_, i) => i - 10);
  // High-accuracy references: −log σ(z) = log(1 + e^−z), −log(1 − σ(z)) = log(1 + e^z).
  const minusLogSigma = (z: number) => (z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z)));
  const minusLogOneMinusSigma = (z: number) => minusLogSigma(-z);

  it('binaryCrossEntropyWithLogits equals −log σ(z) for y = 1 and −log(1 − σ(z)) for y = 0', () => {
    const z = f64(zs, [21]);
    const y1 = binaryCrossEntropyWithLogits(z, f64(zs.map(() => 1), [21]), { reduction: 'none' }).toArray() as number[];
    const y0 = binaryCrossEntropyWithLogits(z, f64(zs.map(() => 0), [21]), { reduction: 'none' }).toArray() as number[];
    zs.forEach((v, i) => {
      expect(Math.abs(y1[i]! - minusLogSigma(v))).toBeLessThanOrEqual(2e-16 * minusLogSigma(v));
      expect(Math.abs(y0[i]! - minusLogOneMinusSigma(v))).toBeLessThanOrEqual(2e-16 * minusLogOneMinusSigma(v));
    });
  });

  it('binaryCrossEntropy of h = σ(z) gives the same curves (to the rounding of h)', () => {
    const h = sigmoid(f64(zs, [21]));
    const y1 = binaryCrossEntropy(h, tensor(zs.map(() => 1), { dtype: 'float64' }), { reduction: 'none' }).toArray() as number[];
    const y0 = binaryCrossEntropy(h, tensor(zs.map(() => 0), { dtype: 'float64' }), { reduction: 'none' }).toArray() as number[];
    zs.forEach((v, i) => {
      // h carries a relative error of ~1e-16, which −log amplifies by 1/|log h| near h = 1.
      expect(Math.abs(y1[i]! - minusLogSigma(v)) / minusLogSigma(v)).toBeLessThan(1e-10);
      expect(Math.abs(y0[i]! - minusLogOneMinusSigma(v)) / minusLogOneMinusSigma(v)).toBeLessThan(1e-10);
    });
  });

  it('the gradients in z are σ(z) − y, the fused form', () => {
    const z = f64(zs, [21], true);
    binaryCrossEntropyWithLogits(z, f64(zs.map(() => 1), [21]), { reduction: 'sum' }).backward();
    const g = z.grad!.toArray() as number[];
    zs.forEach((v, i) => {
      // σ(z) − 1 = −1/(1 + e^z), written without the cancellation of σ(z) − 1 at large z.
      const exact = -1 / (1 + Math.exp(v));
      expect(Math.abs(g[i]! - exact)).toBeLessThanOrEqual(2 * Number.EPSILON * Math.abs(exact));
    });
  });
});
