/** The loss classes (configured once, callable) and the registry of losses by name. */
import { describe, expect, it } from 'vitest';
import { type Tensor, tensor } from '@entropic/core';
import {
  BCELoss, BCEWithLogitsLoss, BinaryCrossEntropyLoss, BinaryCrossEntropyWithLogitsLoss, CrossEntropyLoss, LossModule,
  MSELoss, NLLLoss, binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, getLoss, hasLoss, lossNames, mseLoss,
  nllLoss, registerLoss, unregisterLoss,
} from '../src/index.js';
import { expectError, f64, i32 } from './helpers.js';

const logits = f64([0.1, -2, 3, 0.5, 1, 1, 0, 0, 2], [3, 3]);
const labels = i32([2, 0, 1]);

describe('loss classes', () => {
  it('are callable, have forward, and give exactly the function with the same options', () => {
    const weight = f64([1, 2, 0.5], [3]);
    const criterion = new CrossEntropyLoss({ weight, labelSmoothing: 0.1 });
    const expected = crossEntropy(logits, labels, { weight, labelSmoothing: 0.1 }).item();
    expect(criterion(logits, labels).item()).toBe(expected);
    expect(criterion.forward(logits, labels).item()).toBe(expected);
    expect(typeof criterion).toBe('function');
    expect(criterion).toBeInstanceOf(CrossEntropyLoss);
    expect(criterion).toBeInstanceOf(LossModule);
    expect(criterion.call(null, logits, labels).item()).toBe(expected);
    expect(Object.isFrozen(criterion.options)).toBe(true);
    expect(criterion.options.labelSmoothing).toBe(0.1);
  });

  it("carry the loss's name, so a trainer can dispatch on it as on the function", () => {
    expect(new CrossEntropyLoss().name).toBe('crossEntropy');
    expect(new BCELoss().name).toBe('binaryCrossEntropy');
    expect(new BCEWithLogitsLoss().name).toBe('binaryCrossEntropyWithLogits');
    expect(new NLLLoss().name).toBe('nllLoss');
    expect(new MSELoss().name).toBe('mseLoss');
    expect(BCELoss).toBe(BinaryCrossEntropyLoss);
    expect(BCEWithLogitsLoss).toBe(BinaryCrossEntropyWithLogitsLoss);
  });

  it('every class matches its function, gradients included', () => {
    const p = f64([0.2, 0.9, 0.4, 0.6], [2, 2]);
    const y = f64([0, 1, 1, 0], [2, 2]);
    const pairs: [(a: Tensor, b: Tensor) => Tensor, (a: Tensor, b: Tensor) => Tensor, Tensor, Tensor][] = [
      [new BinaryCrossEntropyLoss({ reduction: 'sum' }), (a, b) => binaryCrossEntropy(a, b, { reduction: 'sum' }), p, y],
      [new BinaryCrossEntropyWithLogitsLoss({ posWeight: f64([2, 1], [2]) }), (a, b) => binaryCrossEntropyWithLogits(a, b, { posWeight: f64([2, 1], [2]) }), p, y],
      [new NLLLoss({ ignoreIndex: 0 }), (a, b) => nllLoss(a, b, { ignoreIndex: 0 }), logits, labels],
      [new MSELoss(), (a, b) => mseLoss(a, b), p, y],
    ];
    for (const [module, fn, input, target] of pairs) {
      const a = input.detach();
      a.requiresGrad = true;
      const b = input.detach();
      b.requiresGrad = true;
      module(a, target).backward();
      fn(b, target).backward();
      expect(a.grad!.toArray()).toEqual(b.grad!.toArray());
    }
  });

  it('check their options at construction, naming the class', () => {
    expectError(() => new CrossEntropyLoss({ labelSmothing: 0.1 } as never), 'OPTION',
      "CrossEntropyLoss: unknown option 'labelSmothing' (did you mean 'labelSmoothing'?); known options: weight, ignoreIndex, reduction, labelSmoothing");
    expectError(() => new CrossEntropyLoss({ labelSmoothing: 2 }), 'OPTION', "CrossEntropyLoss: expected option 'labelSmoothing' to be a finite number >= 0 and <= 1, got number 2");
    expectError(() => new NLLLoss({ ignoreIndex: 1.5 }), 'OPTION', "NLLLoss: expected option 'ignoreIndex' to be an integer, got number 1.5");
    expectError(() => new MSELoss({ reduction: 'mean ' as never }), 'OPTION', `MSELoss: expected option 'reduction' to be one of "mean", "sum", "none", got "mean "`);
    expectError(() => new BinaryCrossEntropyLoss(3 as never), 'OPTION', 'BinaryCrossEntropyLoss: expected an options object { weight, reduction }, got number 3');
  });

  it('a LossModule wraps any loss function', () => {
    const half = (input: Tensor, target: Tensor, opts?: { scale?: number }) => mseLoss(input, target).mul(opts?.scale ?? 1);
    const m = new LossModule(half, { scale: 0.5 });
    const a = tensor([1, 2]);
    const b = tensor([0, 0]);
    expect(m(a, b).item()).toBe(1.25);
    expect(m.name).toBe('half');
  });
});

describe('registry', () => {
  it('holds the built-in losses under camelCase names', () => {
    expect(lossNames().slice(0, 5)).toEqual(['binaryCrossEntropy', 'binaryCrossEntropyWithLogits', 'crossEntropy', 'nllLoss', 'mseLoss']);
    expect(getLoss('crossEntropy')).toBe(crossEntropy);
    expect(getLoss('binaryCrossEntropyWithLogits')).toBe(binaryCrossEntropyWithLogits);
  });

  it('names the registered losses when a name is unknown', () => {
    expect(() => getLoss('crossentropy')).toThrow(
      "getLoss: no loss registered as 'crossentropy'; registered: binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, nllLoss, mseLoss",
    );
    expect(() => getLoss(42 as never)).toThrow('getLoss: expected a non-empty string name, got number 42');
  });

  it('registers, refuses clashes unless overridden, protects built-ins, unregisters', () => {
    const a = (x: Tensor, y: Tensor) => mseLoss(x, y);
    const b = (x: Tensor, y: Tensor) => mseLoss(x, y, { reduction: 'sum' });
    registerLoss('squared', a);
    registerLoss('squared', a); // the same function again: a no-op
    expect(getLoss('squared')).toBe(a);
    expect(() => registerLoss('squared', b)).toThrow("registerLoss: a different loss is already registered as 'squared'; pass { override: true } to replace it");
    registerLoss('squared', b, { override: true });
    expect(getLoss('squared')).toBe(b);
    expect(() => registerLoss('mseLoss', b, { override: true })).toThrow("registerLoss: 'mseLoss' is a built-in loss and cannot be replaced");
    expect(() => registerLoss('x', 'mseLoss' as never)).toThrow("registerLoss: expected a loss function (input, target, opts?) => Tensor for 'x', got \"mseLoss\"");
    expect(unregisterLoss('squared')).toBe(true);
    expect(hasLoss('squared')).toBe(false);
    expect(unregisterLoss('squared')).toBe(false);
    expect(() => unregisterLoss('crossEntropy')).toThrow("unregisterLoss: 'crossEntropy' is a built-in loss and cannot be removed");
  });
});
