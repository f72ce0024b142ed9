import { describe, expect, it } from 'vitest';
import { RandomGenerator, tensor } from '@entropic/core';
import {
  accuracy, classificationReport, confusionMatrix, logLoss, mae, mse, precisionRecallCurve, precisionRecallF1, r2Score, rocAuc, rocCurve,
} from '../src/index.js';
import { type JsonTensor, compare, fromJson, loadCases } from './conformance.js';

const code = (c: string) => expect.objectContaining({ code: c });

// Expected values are scikit-learn's documented examples (sklearn.metrics docstrings, 1.2).
describe('metrics', () => {
  it('accuracy as accuracy_score', () => {
    expect(accuracy([0, 2, 1, 3], [0, 1, 2, 3])).toBe(0.5);
    expect(accuracy(tensor([1, 0, 1], { dtype: 'int32' }), tensor([1, 0, 0], { dtype: 'int32' }))).toBeCloseTo(2 / 3, 15);
    expect(() => accuracy([0, 1], [0])).toThrow(code('SHAPE'));
  });

  it('logLoss as log_loss (binary [n] and [n, K] forms agree)', () => {
    const y = [1, 0, 0, 1];
    const p2 = [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]];
    expect(logLoss(y, p2)).toBeCloseTo(0.21616187468057912, 14);
    expect(logLoss(y, [0.9, 0.1, 0.2, 0.65])).toBeCloseTo(0.21616187468057912, 14);
    // Clipped at 1e-15: a confident wrong answer costs -log(1e-15), not Infinity.
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 10);
    expect(() => logLoss([1, 0], [0.5, Number.NaN])).toThrow(code('VALUE'));
    expect(() => logLoss([2, 0], [[0.5, 0.5], [0.5, 0.5]])).toThrow(code('VALUE'));
  });

  it('rocAuc as roc_auc_score, ties counted half', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.5, 0.5, 0.9])).toBe(0.875);
    expect(rocAuc([0, 0, 1, 1], [[0.9, 0.1], [0.6, 0.4], [0.65, 0.35], [0.2, 0.8]])).toBe(0.75);
    expect(() => rocAuc([1, 1], [0.2, 0.3])).toThrow(code('VALUE'));
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
    expect(() => confusionMatrix([0, 3], [0, 1], { numClasses: 2 })).toThrow(code('VALUE'));
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
    expect(() => precisionRecallF1(yt, yp)).toThrow(code('VALUE'));
  });
});

interface MetricCase {
  name: string;
  fn: 'rocCurve' | 'precisionRecallCurve' | 'classificationReport' | 'regression';
  yTrue: JsonTensor;
  yPred?: JsonTensor;
  scores?: JsonTensor;
  sampleWeight?: JsonTensor;
  opts?: Record<string, unknown>;
  [field: string]: unknown;
}

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-12 + 1e-12 * Math.abs(b);
const sameList = (got: number[], want: JsonTensor) => compare({ shape: [got.length], data: got }, want, 1e-12, 1e-12);

describe('sklearn-metrics.json: curves, report and regression metrics as scikit-learn 1.2', () => {
  const cases = loadCases<MetricCase>('sklearn-metrics.json');
  it('has the 15 cases', () => {
    expect(cases).toHaveLength(15);
  });
  for (const c of cases) {
    it(c.name, () => {
      const weights = c.sampleWeight ? { sampleWeight: fromJson(c.sampleWeight) } : {};
      if (c.fn === 'rocCurve') {
        const r = rocCurve(fromJson(c.yTrue), fromJson(c.scores!), { ...c.opts, ...weights });
        expect(sameList(r.fpr, c.fpr as JsonTensor)).toBeNull();
        expect(sameList(r.tpr, c.tpr as JsonTensor)).toBeNull();
        expect(sameList(r.thresholds, c.thresholds as JsonTensor)).toBeNull();
      } else if (c.fn === 'precisionRecallCurve') {
        const r = precisionRecallCurve(fromJson(c.yTrue), fromJson(c.scores!), weights);
        expect(sameList(r.precision, c.precision as JsonTensor)).toBeNull();
        expect(sameList(r.recall, c.recall as JsonTensor)).toBeNull();
        expect(sameList(r.thresholds, c.thresholds as JsonTensor)).toBeNull();
      } else if (c.fn === 'classificationReport') {
        const r = classificationReport(fromJson(c.yTrue), fromJson(c.yPred!), c.opts);
        type Row = { label?: string; precision: number; recall: number; f1: number; support: number };
        const same = (got: Row, want: Row) => near(got.precision, want.precision) && near(got.recall, want.recall) && near(got.f1, want.f1) && got.support === want.support && got.label === want.label;
        (c.classes as Row[]).forEach((want, i) => {
          expect(same(r.classes[i]!, want), `class ${i}`).toBe(true);
        });
        expect(near(r.accuracy, c.accuracy as number)).toBe(true);
        expect(same(r.macroAvg, c.macroAvg as Row)).toBe(true);
        expect(same(r.weightedAvg, c.weightedAvg as Row)).toBe(true);
        expect(r.text).toBe(c.text);
      } else {
        const yt = fromJson(c.yTrue);
        const yp = fromJson(c.yPred!);
        expect(near(mse(yt, yp, weights), c.mse as number)).toBe(true);
        expect(near(mae(yt, yp, weights), c.mae as number)).toBe(true);
        expect(near(r2Score(yt, yp, weights), c.r2Score as number)).toBe(true);
      }
    });
  }

  it('sklearn docstring examples, and errors with codes', () => {
    const pr = precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(pr.precision.map((v) => +v.toFixed(8))).toEqual([0.5, 0.66666667, 0.5, 1, 1]);
    expect(pr.recall).toEqual([1, 1, 0.5, 0.5, 0]);
    expect(pr.thresholds).toEqual([0.1, 0.35, 0.4, 0.8]);
    const roc = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(roc).toEqual({ fpr: [0, 0, 0.5, 0.5, 1], tpr: [0, 0.5, 0.5, 1, 1], thresholds: [1.8, 0.8, 0.4, 0.35, 0.1] });
    expect(() => rocCurve([1, 1], [0.2, 0.3])).toThrow(code('VALUE'));
    expect(() => rocCurve([0, 1], [0.2, Number.NaN])).toThrow(code('NON_FINITE'));
    expect(() => rocCurve([0, 1], [0.2, 0.3], { dropIntermedate: true } as never)).toThrow(expect.objectContaining({ code: 'OPTION', message: expect.stringContaining("did you mean 'dropIntermediate'") }));
    expect(mse([3, -0.5, 2, 7], [2.5, 0, 2, 8])).toBe(0.375);
    expect(mae([3, -0.5, 2, 7], [2.5, 0, 2, 8])).toBe(0.5);
    expect(r2Score([3, -0.5, 2, 7], [2.5, 0, 2, 8])).toBeCloseTo(0.9486081370449679, 15);
    expect(r2Score([1, 1], [1, 1])).toBe(1);
    expect(() => mse([1, 2], [1])).toThrow(code('SHAPE'));
    expect(() => mse([1, 2], [1, Number.POSITIVE_INFINITY])).toThrow(code('NON_FINITE'));
  });
});
