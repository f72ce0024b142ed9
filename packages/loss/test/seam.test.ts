/** The losses compute through the active backend's kernels (the compute seam), forward and backward. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Backend, backend, kernelNames, setBackend, sigmoid, tensor } from '@entropic/core';
import { type KernelCounts, spyBackend } from '@entropic/conformance';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, mseLoss, nllLoss } from '../src/index.js';

let previous: Backend;
let spy: KernelCounts;
beforeEach(() => {
  // Wraps whatever the suite runs on (CPU, or the backend ENTROPIC_BACKEND names).
  spy = spyBackend(backend(), kernelNames);
  previous = setBackend(spy);
});
afterEach(() => {
  setBackend(previous);
});

const logits = () => tensor([[0.5, -1, 2], [1.5, 0.2, -0.3]], { dtype: 'float64', requiresGrad: true });
const labels = tensor([2, 0], { dtype: 'int32' });

describe('losses reach their kernels through backend()', () => {
  const cases: [string, () => unknown, string][] = [
    ['binaryCrossEntropy', () => binaryCrossEntropy(sigmoid(logits()), tensor([[0, 1, 1], [1, 0, 0]], { dtype: 'float64' })), 'bce'],
    ['binaryCrossEntropyWithLogits', () => binaryCrossEntropyWithLogits(logits(), tensor([[0, 1, 1], [1, 0, 0]], { dtype: 'float64' }), { posWeight: tensor([1, 2, 3], { dtype: 'float64' }) }), 'bceWithLogits'],
    ['crossEntropy (class indices)', () => crossEntropy(logits(), labels, { labelSmoothing: 0.1 }), 'crossEntropy'],
    ['crossEntropy (probabilities)', () => crossEntropy(logits(), tensor([[0, 0, 1], [0.5, 0.5, 0]], { dtype: 'float64' })), 'softCrossEntropy'],
    ['nllLoss', () => nllLoss(logits().logSoftmax({ axis: 1 }), labels, { reduction: 'none' }), 'nll'],
    ['mseLoss', () => mseLoss(logits(), tensor([[0, 1, 1], [1, 0, 0]], { dtype: 'float64' })), 'mse'],
  ];
  for (const [name, make, kernel] of cases) {
    it(`${name}: ${kernel}Forward, then ${kernel}Backward`, () => {
      const value = make() as ReturnType<typeof mseLoss>;
      expect(spy.count(`${kernel}Forward`)).toBe(1);
      expect(spy.count(`${kernel}Backward`)).toBe(0);
      (value.size === 1 ? value : value.sum()).backward();
      expect(spy.count(`${kernel}Backward`)).toBe(1);
      expect(spy.count('allocate')).toBeGreaterThan(0);
    });
  }

  it('a backend that changes a loss kernel changes the loss', () => {
    const base = backend();
    setBackend({ name: 'halving', mseForward: (args) => base.mseForward(args) / 2 });
    const x = tensor([1, 2, 3]);
    const y = tensor([0, 0, 0]);
    expect(mseLoss(x, y, { reduction: 'sum' }).item()).toBe(7);
    setBackend(base);
    expect(mseLoss(x, y, { reduction: 'sum' }).item()).toBe(14);
  });
});
