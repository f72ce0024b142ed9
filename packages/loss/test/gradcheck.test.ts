/**
 * gradcheck (float64 central differences) on every loss, every reduction and every option that
 * changes the gradient, for the input and, where it is float, the target.
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, gradcheck } from '@entropic/core';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, mseLoss, nllLoss } from '../src/index.js';
import { classes, f64, i32, softLabels, uniform } from './helpers.js';

const reductions = ['mean', 'sum', 'none'] as const;

function check(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const r = gradcheck(f, inputs, { atol: 1e-7, rtol: 1e-5 });
  expect(r.ok, `max abs error ${r.maxAbsError}, max rel error ${r.maxRelError}`).toBe(true);
}

describe.each(reductions)('gradcheck, reduction %s', (reduction) => {
  const logits = f64(uniform(24, -3, 3, 11), [6, 4]);
  const labels = i32(classes(6, 4, 12));
  const weight = f64([0.5, 2, 1, 0.25], [4]);

  it('crossEntropy with class indices: plain, weighted, ignoreIndex, labelSmoothing, all together', () => {
    check((x) => crossEntropy(x, labels, { reduction }), [logits]);
    check((x) => crossEntropy(x, labels, { reduction, weight }), [logits]);
    const someIgnored = i32([0, -100, 3, 1, -100, 2]);
    check((x) => crossEntropy(x, someIgnored, { reduction }), [logits]);
    check((x) => crossEntropy(x, labels, { reduction, labelSmoothing: 0.2 }), [logits]);
    check((x) => crossEntropy(x, someIgnored, { reduction, weight, labelSmoothing: 0.3 }), [logits]);
  });

  it('crossEntropy with [N, C, d1, d2] logits and class axis 1', () => {
    const x = f64(uniform(2 * 3 * 2 * 2, -2, 2, 13), [2, 3, 2, 2]);
    const t = i32(classes(8, 3, 14), [2, 2, 2]);
    check((v) => crossEntropy(v, t, { reduction, weight: f64([1, 0.5, 2], [3]), labelSmoothing: 0.1 }), [x]);
  });

  it('crossEntropy with probability targets (input and target gradients), weights and smoothing', () => {
    const t = f64(softLabels(6, 4, 15), [6, 4]);
    check((x, y) => crossEntropy(x, y, { reduction }), [logits, t]);
    check((x, y) => crossEntropy(x, y, { reduction, weight, labelSmoothing: 0.25 }), [logits, t]);
    // targets that do not sum to 1: the gradient is softmax·Σt − t, not softmax − t
    check((x, y) => crossEntropy(x, y, { reduction }), [logits, f64(uniform(24, 0, 1, 16), [6, 4])]);
  });

  it('crossEntropy with an unbatched [C] input', () => {
    check((x) => crossEntropy(x, i32([2], []), { reduction, labelSmoothing: 0.1 }), [f64([0.3, -1, 2, 0.5], [4])]);
  });

  it('nllLoss: plain, weighted, ignoreIndex, k-dimensional', () => {
    check((x) => nllLoss(x, labels, { reduction }), [logits]);
    check((x) => nllLoss(x, labels, { reduction, weight, ignoreIndex: 1 }), [logits]);
    const x = f64(uniform(12, -3, 0, 17), [2, 3, 2]);
    check((v) => nllLoss(v, i32([0, 2, 1, 1], [2, 2]), { reduction }), [x]);
  });

  it('binaryCrossEntropy (input and target), weighted', () => {
    const p = f64(uniform(12, 0.05, 0.95, 18), [3, 4]);
    const y = f64(uniform(12, 0.05, 0.95, 19), [3, 4]);
    check((a, b) => binaryCrossEntropy(a, b, { reduction }), [p, y]);
    check((a) => binaryCrossEntropy(a, f64([1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 0], [3, 4]), { reduction, weight: f64([1, 0.5, 2, 0], [4]) }), [p]);
  });

  it('binaryCrossEntropyWithLogits (input and target), weight and posWeight', () => {
    const x = f64(uniform(12, -4, 4, 20), [3, 4]);
    const y = f64(uniform(12, 0, 1, 21), [3, 4]);
    check((a, b) => binaryCrossEntropyWithLogits(a, b, { reduction }), [x, y]);
    check((a, b) => binaryCrossEntropyWithLogits(a, b, { reduction, weight: f64([0.5, 1, 2], [3, 1]), posWeight: f64([2, 1, 1, 0.25], [4]) }), [x, y]);
  });

  it('mseLoss (input and target)', () => {
    check((a, b) => mseLoss(a, b, { reduction }), [f64(uniform(12, -2, 2, 22), [2, 2, 3]), f64(uniform(12, -2, 2, 23), [2, 2, 3])]);
  });
});
