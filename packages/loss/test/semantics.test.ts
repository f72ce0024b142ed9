/**
 * The fused kernels against the same losses composed from core ops, and the edge cases: extreme
 * logits, empty batches, noGrad, unbatched input, mixed dtypes.
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, isGradEnabled, logSoftmax, mean, mul, neg, noGrad, sigmoid, sum, tensor } from '@entropic/core';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, mseLoss, nllLoss } from '../src/index.js';
import { classes, f64, i32, softLabels, uniform } from './helpers.js';

function expectAllClose(a: Tensor, b: Tensor, tol: number): void {
  expect(a.shape).toEqual(b.shape);
  const x = a.data;
  const y = b.data;
  for (let i = 0; i < x.length; i++) expect(Math.abs(x[i]! - y[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(y[i]!)));
}

/** Value and input gradient of `f(leaf)` for a fresh leaf copy of `x`. */
function run(x: Tensor, f: (leaf: Tensor) => Tensor): [Tensor, Tensor] {
  const leaf = x.detach();
  leaf.requiresGrad = true;
  const v = f(leaf);
  v.backward();
  return [v, leaf.grad!];
}

describe('fused kernels equal the composite formulas', () => {
  const N = 9;
  const C = 5;
  const x = f64(uniform(N * C, -6, 6, 41), [N, C]);
  const labels = classes(N, C, 42);
  labels[3] = -100;
  const t = i32(labels);
  const weight = f64([0.5, 1, 2, 0.25, 1.5], [C]);

  it('crossEntropy = nllLoss(logSoftmax(x)) with weights and ignored targets, value and gradient', () => {
    const [a, ga] = run(x, (v) => crossEntropy(v, t, { weight }));
    const [b, gb] = run(x, (v) => nllLoss(logSoftmax(v, { axis: 1 }), t, { weight }));
    expectAllClose(a, b, 1e-14);
    expectAllClose(ga, gb, 1e-14);
  });

  it('crossEntropy with probability targets = −Σ t·logSoftmax(x) / N', () => {
    const soft = f64(softLabels(N, C, 43), [N, C]);
    const [a, ga] = run(x, (v) => crossEntropy(v, soft));
    const [b, gb] = run(x, (v) => neg(sum(mul(soft, logSoftmax(v, { axis: 1 })))).div(N));
    expectAllClose(a, b, 1e-14);
    expectAllClose(ga, gb, 1e-14);
  });

  it('binaryCrossEntropyWithLogits = binaryCrossEntropy(sigmoid(x)) for moderate logits', () => {
    const y = f64(uniform(N * C, 0, 1, 44), [N, C]);
    const [a, ga] = run(x, (v) => binaryCrossEntropyWithLogits(v, y));
    const [b, gb] = run(x, (v) => binaryCrossEntropy(sigmoid(v), y));
    expectAllClose(a, b, 1e-12);
    expectAllClose(ga, gb, 1e-12);
  });

  it('mseLoss = mean((x − t)²)', () => {
    const y = f64(uniform(N * C, -6, 6, 45), [N, C]);
    const [a, ga] = run(x, (v) => mseLoss(v, y));
    const [b, gb] = run(x, (v) => mean(mul(v.sub(y), v.sub(y))));
    expectAllClose(a, b, 1e-15);
    expectAllClose(ga, gb, 1e-15);
  });
});

describe('extremes and edge cases', () => {
  it('crossEntropy and binaryCrossEntropyWithLogits are finite at logits of ±1e4', () => {
    const [ce, gce] = run(f64([1e4, 0, -1e4, -1e4, 1e4, 0], [2, 3]), (v) => crossEntropy(v, i32([2, 1]), { labelSmoothing: 0.1 }));
    expect(Number.isFinite(ce.item())).toBe(true);
    expect(ce.item()).toBeCloseTo(0.9 * 2e4 / 2 + (0.1 / 3) * (3e4 + 3e4) / 2, 6);
    expect([...gce.data].every(Number.isFinite)).toBe(true);
    const [b, gb] = run(f64([1e4, -1e4, 1e4, -1e4], [4]), (v) => binaryCrossEntropyWithLogits(v, f64([0, 1, 1, 0], [4]), { reduction: 'sum' }));
    expect(b.item()).toBe(2e4);
    expect([...gb.data]).toEqual([1, -1, 0, 0]);
  });

  it('binaryCrossEntropy at p ∈ {0, 1}: loss 100 when wrong, gradient ±1e12 (PyTorch)', () => {
    const [v, g] = run(f64([0, 1, 0, 1], [4]), (p) => binaryCrossEntropy(p, f64([1, 0, 0, 1], [4]), { reduction: 'none' }).sum());
    expect(v.item()).toBe(200);
    expect([...g.data]).toEqual([-1e12, 1e12, 0, 0]);
  });

  it('an empty batch: mean is NaN (0/0, as PyTorch), sum is 0, none is empty', () => {
    const x = f64([], [0, 3]);
    expect(crossEntropy(x, i32([], [0])).item()).toBeNaN();
    expect(crossEntropy(x, i32([], [0]), { reduction: 'sum' }).item()).toBe(0);
    expect(crossEntropy(x, i32([], [0]), { reduction: 'none' }).shape).toEqual([0]);
    expect(mseLoss(f64([], [0]), f64([], [0])).item()).toBeNaN();
  });

  it('an unbatched [C] input with a [] target gives a [] loss', () => {
    const v = crossEntropy(f64([1, 2, 3], [3]), i32([2], []), { reduction: 'none' });
    expect(v.shape).toEqual([]);
    expect(v.item()).toBeCloseTo(Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3, 15);
    expect(nllLoss(f64([-1, -2, -3], [3]), i32([1], [])).item()).toBe(2);
  });

  it('under noGrad nothing is recorded', () => {
    const x = f64([0.1, 0.2, 0.3, 0.4], [2, 2], true);
    const v = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return crossEntropy(x, i32([0, 1]));
    });
    expect(v.requiresGrad).toBe(false);
    expect(crossEntropy(x, i32([0, 1])).requiresGrad).toBe(true);
  });

  it('targets that require grad get their gradient; the input need not require it', () => {
    const x = f64([0.3, -0.2, 1.1], [1, 3]);
    const t = f64([0.2, 0.5, 0.3], [1, 3], true);
    crossEntropy(x, t).backward();
    const logp = logSoftmax(x, { axis: 1 }).data;
    expect([...t.grad!.data].map((g, i) => g + logp[i]!).every((d) => Math.abs(d) < 1e-15)).toBe(true);
  });

  it('promotes dtypes as PyTorch: float32 input with float64 targets gives float64', () => {
    const x32 = tensor([0.1, 0.7], { dtype: 'float32' });
    expect(mseLoss(x32, tensor([0, 1], { dtype: 'float64' })).dtype).toBe('float64');
    expect(binaryCrossEntropy(x32, tensor([0, 1], { dtype: 'float32' })).dtype).toBe('float32');
    expect(crossEntropy(tensor([[0.1, 0.7]]), i32([1])).dtype).toBe('float32');
  });
});
