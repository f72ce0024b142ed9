import { describe, expect, it } from 'vitest';
import { RandomGenerator, tensor } from '@entropic/core';
import { accuracy, confusionMatrix, logLoss, precisionRecallF1, rocAuc } from '../src/index.js';

// Expected values are scikit-learn's documented examples (sklearn.metrics docstrings, 1.2).
describe('metrics', () => {
  it('accuracy as accuracy_score', () => {
    expect(accuracy([0, 2, 1, 3], [0, 1, 2, 3])).toBe(0.5);
    expect(accuracy(tensor([1, 0, 1], { dtype: 'int32' }), tensor([1, 0, 0], { dtype: 'int32' }))).toBeCloseTo(2 / 3, 15);
    expect(() => accuracy([0, 1], [0])).toThrow(/accuracy: yTrue has 2 labels but yPred has 1/);
  });

  it('logLoss as log_loss (binary [n] and [n, K] forms agree)', () => {
    const y = [1, 0, 0, 1];
    const p2 = [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]];
    expect(logLoss(y, p2)).toBeCloseTo(0.21616187468057912, 14);
    expect(logLoss(y, [0.9, 0.1, 0.2, 0.65])).toBeCloseTo(0.21616187468057912, 14);
    // Clipped at 1e-15: a confident wrong answer costs -log(1e-15), not Infinity.
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 10);
    expect(() => logLoss([1, 0], [0.5, Number.NaN])).toThrow(/logLoss: probabilities must be in \[0, 1\], got NaN at index 1/);
    expect(() => logLoss([2, 0], [[0.5, 0.5], [0.5, 0.5]])).toThrow(/yTrue\[0\] must be an integer in \[0, 1\]/);
  });

  it('rocAuc as roc_auc_score, ties counted half', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.5, 0.5, 0.9])).toBe(0.875);
    expect(rocAuc([0, 0, 1, 1], [[0.9, 0.1], [0.6, 0.4], [0.65, 0.35], [0.2, 0.8]])).toBe(0.75);
    expect(() => rocAuc([1, 1], [0.2, 0.3])).toThrow(/only one class present/);
  });

  it('rocAuc equals the Mann–Whitney pair count on random tied scores', () => {
    const g = new RandomGenerator(7);
    for (let trial = 0; trial < 20; trial++) {
      const n = 5 + g.integer(60);
      const y = Array.from({ length: n }, (_, i) => (i < 2 ? i : g.integer(2)));
      const s = Array.from({ length: n }, () => g.integer(6) / 5);
      let wins = 0;
      let pairs = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        if (y[i] === 1 && y[j] === 0) {
          pairs++;
          wins += s[i]! > s[j]! ? 1 : s[i] === s[j] ? 0.5 : 0;
        }
      }
      expect(rocAuc(y, s)).toBeCloseTo(wins / pairs, 12);
    }
  });

  it('rocAuc one-vs-rest macro for K classes', () => {
    const y = [0, 1, 2, 0, 1, 2];
    const p = [[0.8, 0.1, 0.1], [0.2, 0.5, 0.3], [0.1, 0.3, 0.6], [0.3, 0.4, 0.3], [0.5, 0.4, 0.1], [0.2, 0.2, 0.6]];
    const per = [0, 1, 2].map((c) => rocAuc(y.map((v) => (v === c ? 1 : 0)), p.map((r) => r[c]!)));
    expect(rocAuc(y, p)).toBeCloseTo((per[0]! + per[1]! + per[2]!) / 3, 15);
  });

  it('confusionMatrix as confusion_matrix (rows true, columns predicted)', () => {
    expect(confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2])).toEqual([[2, 0, 0], [0, 0, 1], [1, 0, 2]]);
    expect(confusionMatrix([0, 0], [0, 0], { numClasses: 2 })).toEqual([[2, 0], [0, 0]]);
    expect(() => confusionMatrix([0, 3], [0, 1], { numClasses: 2 })).toThrow(/label 3 at index 1 is out of range for 2 classes/);
  });

  it('precisionRecallF1 as precision_recall_fscore_support', () => {
    // cat = 0, dog = 1, pig = 2 (the docstring's example)
    const yt = [0, 1, 2, 0, 1, 2];
    const yp = [0, 2, 1, 0, 0, 1];
    const macro = precisionRecallF1(yt, yp, { average: 'macro' });
    expect(macro.precision).toBeCloseTo(2 / 9, 15);
    expect(macro.recall).toBeCloseTo(1 / 3, 15);
    expect(macro.f1).toBeCloseTo(0.8 / 3, 15);
    const micro = precisionRecallF1(yt, yp, { average: 'micro' });
    expect([micro.precision, micro.recall, micro.f1]).toEqual([1 / 3, 1 / 3, 1 / 3]);
    const weighted = precisionRecallF1(yt, yp, { average: 'weighted' });
    expect(weighted.f1).toBeCloseTo(0.8 / 3, 15);
    const none = precisionRecallF1(yt, yp, { average: 'none' });
    expect(none.support).toEqual([2, 2, 2]);
    expect(none.precision[0]).toBeCloseTo(2 / 3, 15);
    const bin = precisionRecallF1([0, 1, 1, 1, 0], [1, 1, 0, 1, 0]);
    expect([bin.precision, bin.recall, bin.support]).toEqual([2 / 3, 2 / 3, 3]);
    expect(() => precisionRecallF1(yt, yp)).toThrow(/average 'binary' needs labels in \{0, 1\}, got 3 classes/);
  });
});
