/**
 * defineLoss: the README's two user losses (focal, multi-class hinge) against hand-computed
 * values and gradcheck, and everything defineLoss adds — reduction, weight, parameters,
 * argument checks, the class, the registry.
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, gradcheck, mean, softplus, sum } from '@entropic/core';
import { LossModule, binaryCrossEntropyWithLogits, defineLoss, getLoss, hasLoss } from '../src/index.js';
import { focalLoss, multiHingeLoss, squaredHingeLoss } from '../examples/custom-losses.js';
import { classes, expectError, f64, i32, uniform } from './helpers.js';

const sig = (z: number) => 1 / (1 + Math.exp(-z));

/** Focal loss of one element, from the definition, in plain numbers. */
function focalByHand(z: number, y: number, gamma: number, alpha: number): number {
  const p = sig(z);
  const pt = y === 1 ? p : 1 - p;
  const at = y === 1 ? alpha : 1 - alpha;
  return -at * (1 - pt) ** gamma * Math.log(pt);
}

/** Multi-class hinge of one row, from the definition. */
function hingeByHand(row: number[], y: number, margin: number): number {
  let s = 0;
  row.forEach((v, c) => {
    if (c !== y) s += Math.max(0, margin - row[y]! + v);
  });
  return s / row.length;
}

function check(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const r = gradcheck(f, inputs, { atol: 1e-7, rtol: 1e-5 });
  expect(r.ok, `max abs error ${r.maxAbsError}`).toBe(true);
}

describe('focal loss (elementwise, written by a user)', () => {
  const z = [2, -1, 0.5, -3, 0.1, 4];
  const y = [1, 0, 1, 1, 0, 0];
  const x = f64(z, [2, 3]);
  const t = f64(y, [2, 3]);

  it('matches the hand-computed values for every reduction and parameter setting', () => {
    const none = focalLoss(x, t, { reduction: 'none' }).toArray() as number[][];
    none.flat().forEach((v, i) => {
      expect(v).toBeCloseTo(focalByHand(z[i]!, y[i]!, 2, 0.25), 14);
    });
    const byHand = z.map((v, i) => focalByHand(v, y[i]!, 3, 0.6));
    const total = byHand.reduce((a, b) => a + b, 0);
    expect(focalLoss(x, t, { gamma: 3, alpha: 0.6, reduction: 'sum' }).item()).toBeCloseTo(total, 14);
    expect(focalLoss(x, t, { gamma: 3, alpha: 0.6 }).item()).toBeCloseTo(total / 6, 14);
  });

  it('is half the log loss at γ = 0, α = ½', () => {
    const half = binaryCrossEntropyWithLogits(x, t).item() / 2;
    expect(focalLoss(x, t, { gamma: 0, alpha: 0.5 }).item()).toBeCloseTo(half, 15);
  });

  it('passes gradcheck for each reduction, with a weight', () => {
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      check((a) => focalLoss(a, t, { reduction }), [x]);
      check((a) => focalLoss(a, t, { reduction, gamma: 1.5, weight: f64([1, 0.5, 2], [3]) }), [x]);
    }
  });

  it('applies weight by broadcasting and mean divides by the number of elements', () => {
    const w = f64([1, 0.5, 2], [3]);
    const byHand = z.map((v, i) => focalByHand(v, y[i]!, 2, 0.25) * [1, 0.5, 2][i % 3]!);
    expect(focalLoss(x, t, { weight: w }).item()).toBeCloseTo(byHand.reduce((a, b) => a + b, 0) / 6, 15);
  });

  it('checks its parameters: types from the defaults, then the user validate', () => {
    expectError(() => focalLoss(x, t, { gamma: 'two' as never }), 'OPTION', `focal: expected option 'gamma' to be a finite number, got "two"`);
    expectError(() => focalLoss(x, t, { gamma: Number.NaN }), 'OPTION', "focal: expected option 'gamma' to be a finite number, got number NaN");
    expectError(() => focalLoss(x, t, { gama: 1 } as never), 'OPTION',
      "focal: unknown option 'gama' (did you mean 'gamma'?); known options: reduction, weight, gamma, alpha");
    expect(() => focalLoss(x, t, { gamma: -1 })).toThrow('focal: expected gamma ≥ 0, got -1');
  });

  it('gets the standard argument checks for free', () => {
    expect(() => focalLoss(x, f64([1, 0], [2]))).toThrow("focal: expected target of the input's shape [2, 3], got shape [2]");
    expect(() => focalLoss(i32([1, 0]), i32([1, 0]))).toThrow('focal: expected input to be float32 or float64, got int32');
    expect(() => focalLoss(x, f64([1, 0, Number.NaN, 0, 0, 1], [2, 3]))).toThrow('focal: expected target without NaN, got NaN at target[0, 2]');
    expectError(() => focalLoss(x, t, { reduction: 'max' as never }), 'OPTION', `focal: expected option 'reduction' to be one of "mean", "sum", "none", got "max"`);
    expect(() => focalLoss(x, t, { weight: f64([1, 2], [2]) })).toThrow("focal: expected weight broadcastable to the losses' shape [2, 3], got shape [2]");
  });
});

describe('multi-class hinge loss (perSample, written by a user)', () => {
  const N = 5;
  const C = 4;
  const scores = uniform(N * C, -2, 2, 31);
  const labels = classes(N, C, 32);
  const x = f64(scores, [N, C]);
  const t = i32(labels);
  const rows = Array.from({ length: N }, (_, i) => scores.slice(i * C, (i + 1) * C));

  it('matches the hand-computed per-sample values', () => {
    const none = values(multiHingeLoss(x, t, { reduction: 'none' }));
    expect(none.length).toBe(N);
    none.forEach((v, i) => {
      expect(v).toBeCloseTo(hingeByHand(rows[i]!, labels[i]!, 1), 15);
    });
    const m2 = rows.map((r, i) => hingeByHand(r, labels[i]!, 2));
    expect(multiHingeLoss(x, t, { margin: 2 }).item()).toBeCloseTo(m2.reduce((a, b) => a + b, 0) / N, 15);
    expect(multiHingeLoss(x, t, { margin: 2, reduction: 'sum' }).item()).toBeCloseTo(m2.reduce((a, b) => a + b, 0), 15);
  });

  it('has the subgradient −(#violations)/C at the true class and 1/C at each violating class', () => {
    const v = f64([2, 1.5, -3], [1, 3], true);
    multiHingeLoss(v, i32([0]), { reduction: 'sum' }).backward();
    // class 1 violates (1 − 2 + 1.5 = 0.5 > 0), class 2 does not (1 − 2 − 3 < 0)
    expect(v.grad!.toArray()).toEqual([[-1 / 3, 1 / 3, 0]]);
  });

  it('passes gradcheck for each reduction (away from the hinges)', () => {
    for (const reduction of ['mean', 'sum', 'none'] as const) check((a) => multiHingeLoss(a, t, { reduction, margin: 0.7 }), [x]);
  });

  it('gets class-index target checks for free (target: classIndex is the perSample default)', () => {
    expect(() => multiHingeLoss(x, i32([0, 1, 7, 0, 0]))).toThrow('multiHinge: target[2] = 7 is out of range for 4 classes (expected 0 ≤ class < 4)');
    expect(() => multiHingeLoss(x, f64([0, 1, 2, 0, 0], [5]))).toThrow("multiHinge: expected class-index targets as int32 of shape [5], got a float64 Tensor of shape [5]; use target.cast('int32')");
    expect(() => multiHingeLoss(x, t, { margin: -1 })).toThrow('multiHinge: expected margin ≥ 0, got -1');
  });
});

/** The values of a 1-D tensor. */
function values(t: Tensor): number[] {
  return Array.from(t.data);
}

describe('defineLoss itself', () => {
  it('registers a named loss for getLoss / fit, and gives it a name and a class', () => {
    expect(hasLoss('focal')).toBe(true);
    expect(getLoss('focal')).toBe(focalLoss);
    expect(focalLoss.name).toBe('focal');
    expect(focalLoss.kind).toBe('elementwise');
    expect(multiHingeLoss.kind).toBe('perSample');
    expect(focalLoss.defaults).toEqual({ gamma: 2, alpha: 0.25 });
    const criterion = new focalLoss.Class({ gamma: 1, reduction: 'sum' });
    expect(criterion).toBeInstanceOf(LossModule);
    expect(focalLoss.Class.name).toBe('FocalLoss');
    const x = f64([0.5, -1], [2]);
    const t = f64([1, 0], [2]);
    expect(criterion(x, t).item()).toBe(focalLoss(x, t, { gamma: 1, reduction: 'sum' }).item());
    expectError(() => new focalLoss.Class({ gamma: 'x' as never }), 'OPTION', `FocalLoss: expected option 'gamma' to be a finite number, got "x"`);
    expectError(() => new focalLoss.Class({ beta: 1 } as never), 'OPTION', "FocalLoss: unknown option 'beta'");
  });

  it('refuses an unreduced formula that returns the wrong shape, saying what to return', () => {
    const reducedAlready = defineLoss({ name: 'reducedAlready', register: false, elementwise: (z, y) => mean(softplus(z).sub(z.mul(y))) });
    expect(() => reducedAlready(f64([1, 2], [2]), f64([0, 1], [2]))).toThrow(
      'reducedAlready: expected the elementwise formula to return one loss per element, a float Tensor of shape [2], got a float64 Tensor of shape []; return the unreduced losses (reduction is applied for you)',
    );
    const perSampleWrong = defineLoss({ name: 'perSampleWrong', register: false, target: 'any', perSample: (z) => sum(z) });
    expect(() => perSampleWrong(f64([1, 2, 3, 4], [2, 2]), f64([0], [1]))).toThrow(
      'perSampleWrong: expected the perSample formula to return one loss per sample, a float Tensor of shape [2]',
    );
  });

  it('a bare formula is an unregistered elementwise loss', () => {
    const logistic = defineLoss((z: Tensor, y: Tensor) => softplus(z).sub(z.mul(y)));
    expect(logistic.name).toBe('customLoss');
    expect(hasLoss('customLoss')).toBe(false);
    const z = f64([0.5, -2, 3], [3]);
    const y = f64([1, 0, 1], [3]);
    expect(logistic(z, y).item()).toBeCloseTo(binaryCrossEntropyWithLogits(z, y).item(), 15);
  });

  it('refuses malformed definitions and name clashes', () => {
    const f = (z: Tensor) => z;
    expect(() => defineLoss({ name: 'both', elementwise: f, perSample: f })).toThrow("defineLoss: expected exactly one of elementwise and perSample to be a function for 'both', got both");
    expect(() => defineLoss({ name: 'neither' })).toThrow("defineLoss: expected exactly one of elementwise and perSample to be a function for 'neither', got neither");
    expectError(() => defineLoss({ name: '', elementwise: f }), 'OPTION', `defineLoss: expected option 'name' to be a non-empty string, got ""`);
    expectError(() => defineLoss({ name: 'typo', elementwse: f } as never), 'OPTION', "defineLoss: unknown option 'elementwse' (did you mean 'elementwise'?)");
    expect(() => defineLoss({ name: 'w', elementwise: f, defaults: { weight: 1 } })).toThrow("defineLoss: 'w' cannot define a parameter named 'weight' (every loss has it)");
    expect(() => defineLoss({ name: 'crossEntropy', elementwise: f })).toThrow("defineLoss: 'crossEntropy' is a built-in loss and cannot be replaced; choose another name");
    expect(() => defineLoss({ name: 'focal', elementwise: f })).toThrow("defineLoss: a different loss is already registered as 'focal'; pass { override: true } to replace it, or choose another name");
    expectError(() => defineLoss({ name: 't', elementwise: f, target: 'probabilities' as never }), 'OPTION',
      `defineLoss: expected option 'target' to be one of "sameShape", "classIndex", "any", got "probabilities"`);
  });
});

describe('squared hinge loss (a user loss from comparisons, where and square)', () => {
  const z = [2, -0.5, 0.3, -3, 0.9, 1.4];
  const y = [1, 1, -1, -1, 1, -1];
  const x = f64(z, [2, 3]);
  const t = f64(y, [2, 3]);
  const byHand = (m: number) => z.map((v, i) => Math.max(0, m - y[i]! * v) ** 2);

  it('matches the hand-computed values and declares its metadata', () => {
    expect(values(squaredHingeLoss(x, t, { reduction: 'none' }).reshape([6]))).toEqual(byHand(1));
    expect(squaredHingeLoss(x, t, { margin: 0.5, reduction: 'sum' }).item()).toBeCloseTo(byHand(0.5).reduce((a, b) => a + b, 0), 15);
    expect(squaredHingeLoss.meta).toEqual({ input: 'logits', target: 'values' });
  });

  it('has the gradient −2y·(margin − y·x) inside the margin and 0 outside, and passes gradcheck', () => {
    const v = f64(z, [2, 3], true);
    squaredHingeLoss(v, t, { reduction: 'sum' }).backward();
    const expected = z.map((s, i) => (1 - y[i]! * s > 0 ? -2 * y[i]! * (1 - y[i]! * s) : 0));
    values(v.grad!.reshape([6])).forEach((g, i) => {
      expect(g).toBeCloseTo(expected[i]!, 15);
    });
    for (const reduction of ['mean', 'sum', 'none'] as const) check((a) => squaredHingeLoss(a, t, { reduction, margin: 1.1 }), [x]);
  });
});
