/** Every bad input throws an EntropicError (with a code) naming the function, what was expected and what came. */
import { describe, expect, it } from 'vitest';
import { tensor } from '@entropic/core';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, mseLoss, nllLoss } from '../src/index.js';
import { expectError, f64, i32 } from './helpers.js';

const p = f64([0.1, 0.5, 0.9, 0.3, 0.2, 0.7], [2, 3]);
const y = f64([0, 1, 1, 0, 0, 1], [2, 3]);
const logits = f64([0.1, -2, 3, 0.5, 1, 1, 0, 0, 2, -1, 0.5, 0.25], [3, 4]);

describe('binaryCrossEntropy', () => {
  it('names the first probability outside [0, 1], its position and value (NaN included)', () => {
    expectError(() => binaryCrossEntropy(f64([0.1, 0.5, 0.9, 0.3, 1.5, -0.2], [2, 3]), y), 'VALUE', 'binaryCrossEntropy: expected input in [0, 1], got 1.5 at input[1, 1]');
    expectError(() => binaryCrossEntropy(f64([0.1, Number.NaN], [2]), f64([0, 1], [2])), 'VALUE', 'binaryCrossEntropy: expected input in [0, 1], got NaN at input[1]');
  });

  it('names the first target outside [0, 1] (stricter than PyTorch)', () => {
    expectError(() => binaryCrossEntropy(p, f64([0, 1, 1, 0, 2, -1], [2, 3])), 'VALUE', 'binaryCrossEntropy: expected target in [0, 1], got 2 at target[1, 1]');
  });

  it('refuses a target of another shape instead of broadcasting', () => {
    expectError(() => binaryCrossEntropy(p, f64([0, 1, 1], [3])), 'SHAPE', "binaryCrossEntropy: expected target of the input's shape [2, 3], got shape [3]");
  });

  it('refuses int32 input, non-tensors, unknown options and bad reductions', () => {
    expectError(() => binaryCrossEntropy(i32([0, 1]), i32([0, 1])), 'DTYPE', "binaryCrossEntropy: expected input to be float32 or float64, got int32 (shape [2]); use input.cast('float32')");
    expectError(() => binaryCrossEntropy([0.5] as never, y), 'TYPE', 'binaryCrossEntropy: expected input to be a Tensor, got an array');
    expectError(() => binaryCrossEntropy(p, 1 as never), 'TYPE', 'binaryCrossEntropy: expected target to be a Tensor, got number 1');
    expectError(() => binaryCrossEntropy(p, y, { weights: p } as never), 'OPTION', "binaryCrossEntropy: unknown option 'weights' (did you mean 'weight'?); known options: weight, reduction");
    expectError(() => binaryCrossEntropy(p, y, { reduction: 'avg' as never }), 'OPTION', `binaryCrossEntropy: expected option 'reduction' to be one of "mean", "sum", "none"`);
  });

  it('accepts int32 0/1 targets (a convenience; the loss is the same)', () => {
    const a = binaryCrossEntropy(p, y).item();
    expect(binaryCrossEntropy(p, i32([0, 1, 1, 0, 0, 1], [2, 3])).item()).toBe(a);
  });

  it('checks the weight: broadcastable to the input, no NaN, not requiring grad', () => {
    expectError(() => binaryCrossEntropy(p, y, { weight: f64([1, 2], [2]) }), 'SHAPE', "binaryCrossEntropy: expected weight broadcastable to the input's shape [2, 3], got shape [2]");
    expectError(() => binaryCrossEntropy(p, y, { weight: f64(new Array(12).fill(1), [2, 2, 3]) }), 'SHAPE', "binaryCrossEntropy: expected weight broadcastable to the input's shape [2, 3], got shape [2, 2, 3] (the result would be [2, 2, 3])");
    expectError(() => binaryCrossEntropy(p, y, { weight: f64([1, Number.NaN, 1], [3]) }), 'NON_FINITE', 'binaryCrossEntropy: expected weight without NaN, got NaN at weight[1]');
    expectError(() => binaryCrossEntropy(p, y, { weight: f64([1, 1, 1], [3], true) }), 'AUTOGRAD', 'binaryCrossEntropy: expected weight to be a constant, got a Tensor that requires grad (its gradient is not computed); pass weight.detach()');
  });
});

describe('binaryCrossEntropyWithLogits', () => {
  it('refuses NaN targets, other shapes and a posWeight that does not broadcast', () => {
    expectError(() => binaryCrossEntropyWithLogits(p, f64([0, 1, Number.NaN, 0, 0, 1], [2, 3])), 'NON_FINITE', 'binaryCrossEntropyWithLogits: expected target without NaN, got NaN at target[0, 2]');
    expectError(() => binaryCrossEntropyWithLogits(p, f64([0, 1], [2, 1])), 'SHAPE', "binaryCrossEntropyWithLogits: expected target of the input's shape [2, 3], got shape [2, 1]");
    expectError(() => binaryCrossEntropyWithLogits(p, y, { posWeight: f64([1, 2], [2]) }), 'SHAPE', "binaryCrossEntropyWithLogits: expected posWeight broadcastable to the input's shape [2, 3], got shape [2]");
    expectError(() => binaryCrossEntropyWithLogits(p, y, { posWeight: i32([1, 2, 3]) }), 'DTYPE', 'binaryCrossEntropyWithLogits: expected posWeight to be float32 or float64, got int32');
  });
});

describe('crossEntropy', () => {
  it('names an out-of-range class index, its position and the number of classes', () => {
    expectError(() => crossEntropy(logits, i32([0, 4, 1])), 'VALUE', 'crossEntropy: target[1] = 4 is out of range for 4 classes (expected 0 ≤ class < 4, or ignoreIndex -100)');
    expectError(() => crossEntropy(logits, i32([0, 1, -1])), 'VALUE', 'crossEntropy: target[2] = -1 is out of range for 4 classes');
    expectError(() => crossEntropy(logits, i32([0, -100, 2]), { ignoreIndex: 2 }), 'VALUE', 'crossEntropy: target[1] = -100 is out of range for 4 classes (expected 0 ≤ class < 4, or ignoreIndex 2)');
    const x = f64(new Array(2 * 3 * 2).fill(0), [2, 3, 2]);
    expectError(() => crossEntropy(x, i32([0, 1, 2, 3], [2, 2])), 'VALUE', 'crossEntropy: target[1, 1] = 3 is out of range for 3 classes');
  });

  it('explains float class indices and targets of the wrong shape', () => {
    expectError(() => crossEntropy(logits, f64([0, 1, 2], [3])), 'DTYPE', "crossEntropy: expected class-index targets as int32 of shape [3], got a float64 Tensor of shape [3]; use target.cast('int32')");
    expectError(() => crossEntropy(logits, i32([0, 1])), 'SHAPE', 'crossEntropy: expected target of shape [3] (one class index per sample) for input of shape [3, 4], got shape [2]');
    expectError(() => crossEntropy(logits, f64(new Array(9).fill(0), [3, 3])), 'SHAPE', 'crossEntropy: expected target of shape [3] (int32 class indices) or [3, 4] (class probabilities) for input of shape [3, 4], got a float64 Tensor of shape [3, 3]');
    expectError(() => crossEntropy(f64([1], []), i32([0], [])), 'SHAPE', 'crossEntropy: expected input of shape [N, C], [N, C, d1, …] or [C], got a 0-d tensor (shape [])');
  });

  it('checks weight, labelSmoothing, ignoreIndex and probability targets', () => {
    const t = i32([0, 1, 2]);
    expectError(() => crossEntropy(logits, t, { weight: f64([1, 2, 3], [3]) }), 'SHAPE', 'crossEntropy: expected weight of shape [4] (one per class), got shape [3]');
    expectError(() => crossEntropy(logits, t, { labelSmoothing: 1.5 }), 'OPTION', "crossEntropy: expected option 'labelSmoothing' to be a finite number >= 0 and <= 1, got number 1.5");
    expectError(() => crossEntropy(logits, t, { labelSmoothing: Number.NaN }), 'OPTION', "crossEntropy: expected option 'labelSmoothing' to be a finite number >= 0 and <= 1, got number NaN");
    expectError(() => crossEntropy(logits, t, { ignoreIndex: 0.5 }), 'OPTION', "crossEntropy: expected option 'ignoreIndex' to be an integer, got number 0.5");
    const probs = f64(new Array(12).fill(0.25), [3, 4]);
    expectError(() => crossEntropy(logits, probs, { ignoreIndex: 1 }), 'OPTION', 'crossEntropy: ignoreIndex applies to class-index targets only, got ignoreIndex 1 with probability targets of shape [3, 4]');
    probs.data[5] = Number.NaN;
    expectError(() => crossEntropy(logits, probs), 'NON_FINITE', 'crossEntropy: expected target without NaN, got NaN at target[1, 1]');
  });
});

describe('nllLoss and mseLoss', () => {
  it('nllLoss names out-of-range targets and wrong weights', () => {
    expectError(() => nllLoss(logits, i32([0, 9, 1])), 'VALUE', 'nllLoss: target[1] = 9 is out of range for 4 classes (expected 0 ≤ class < 4, or ignoreIndex -100)');
    expectError(() => nllLoss(logits, i32([0, 1, 1]), { weight: f64([1, 1], [2]) }), 'SHAPE', 'nllLoss: expected weight of shape [4] (one per class), got shape [2]');
    expectError(() => nllLoss(logits, i32([0, 1, 1]), { labelSmoothing: 0.1 } as never), 'OPTION', "nllLoss: unknown option 'labelSmoothing'");
  });

  it('mseLoss refuses other shapes (PyTorch would broadcast with a warning) and NaN targets', () => {
    expectError(() => mseLoss(p, f64([1, 2, 3], [3])), 'SHAPE', "mseLoss: expected target of the input's shape [2, 3], got shape [3]");
    expectError(() => mseLoss(tensor([1, 2]), tensor([1, Number.NaN])), 'NON_FINITE', 'mseLoss: expected target without NaN, got NaN at target[1]');
  });
});
