// The page's toy data set, in numbers: started confidently wrong, a logistic regression trained
// on cross-entropy reaches 90% training accuracy many times sooner than one trained on the
// squared error of σ(z), because MSE's gradient through the sigmoid has all but vanished there.
import { describe, expect, it } from 'vitest';
import { ToyTrainer, epochsToAccuracy, makeToyData, toyGrid, trainToy } from '../src/toy.js';

const data = makeToyData();

describe('toy data', () => {
  it('is 200 points in two classes, the same for the same seed', () => {
    expect(data.X.shape).toEqual([200, 2]);
    expect(data.points.filter((p) => p.y === 1)).toHaveLength(100);
    expect(makeToyData().points).toEqual(data.points);
    expect(makeToyData({ seed: 8 }).points).not.toEqual(data.points);
  });

  it('from the wrong start every point is confidently misclassified, and MSE barely feels it', () => {
    const ce = new ToyTrainer(data, { loss: 'crossEntropy', start: 'wrong', lr: 0.5 });
    const mse = new ToyTrainer(data, { loss: 'mse', start: 'wrong', lr: 0.5 });
    expect(ce.measure().accuracy).toBeLessThan(0.1);
    // One step each: how far the weights move is the gradient's size (same lr).
    const before = ce.weights();
    ce.step();
    mse.step();
    const moved = (t: ToyTrainer) => Math.hypot(t.weights().w1 - before.w1, t.weights().w2 - before.w2, t.weights().b - before.b);
    expect(moved(mse)).toBeLessThan(0.1 * moved(ce));
  });

  it('cross-entropy reaches 90% within 20 epochs of the wrong start, MSE takes over 5 times as long', () => {
    const ce = trainToy(data, { loss: 'crossEntropy', start: 'wrong', lr: 0.5, epochs: 300 });
    const mse = trainToy(data, { loss: 'mse', start: 'wrong', lr: 0.5, epochs: 300 });
    const ceEpochs = epochsToAccuracy(ce, 0.9) ?? Number.POSITIVE_INFINITY;
    const mseEpochs = epochsToAccuracy(mse, 0.9) ?? Number.POSITIVE_INFINITY;
    expect(ceEpochs).toBeLessThanOrEqual(20);
    expect(mseEpochs).toBeGreaterThan(5 * ceEpochs);
    // Both end up right: the data are nearly separable.
    expect(ce.at(-1)?.accuracy).toBeGreaterThan(0.93);
    expect(mse.at(-1)?.accuracy).toBeGreaterThan(0.93);
  });

  it('from zero both losses learn at once', () => {
    for (const loss of ['crossEntropy', 'mse'] as const) {
      const run = trainToy(data, { loss, start: 'zero', lr: 0.5, epochs: 20 });
      expect(epochsToAccuracy(run, 0.9)).toBeLessThanOrEqual(3);
    }
  });

  it('gives P(class 1) over a grid, ½ on the boundary', () => {
    const t = new ToyTrainer(data, { loss: 'crossEntropy', start: 'wrong', lr: 0.5 });
    for (let i = 0; i < 50; i++) t.step();
    const { w1, w2, b } = t.weights();
    const grid = toyGrid({ min: -3, max: 3 }, 4);
    expect(grid.shape).toEqual([16, 2]);
    const p = t.probabilities(grid);
    const rows = grid.toArray() as number[][];
    for (const [i, [x = 0, y = 0]] of rows.entries()) expect(p[i]).toBeCloseTo(1 / (1 + Math.exp(-(w1 * x + w2 * y + b))), 12);
  });
});
