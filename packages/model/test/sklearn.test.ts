import { describe, expect, it } from 'vitest';
import { LogisticRegression, SoftmaxRegression } from '../src/index.js';
import { type ClassifierCase, centred, fromJson, loadCases, maxAbsDiff } from './conformance.js';

const cases = loadCases<ClassifierCase & { trainAccuracy: number }>('sklearn.json');

describe("sklearn.json: lbfgs and newton-cg reach scikit-learn's exact optimum", () => {
  it('has the three cases', () => {
    expect(cases.map((c) => c.name)).toEqual(['breast_cancer_C1', 'breast_cancer_C0_1', 'iris_multinomial_C1']);
  });

  for (const c of cases) for (const solver of ['lbfgs', 'newton-cg'] as const) {
    it(`${c.name} (${solver})`, () => {
      const X = fromJson(c.X);
      const y = fromJson(c.y);
      const Model = c.model === 'LogisticRegression' ? LogisticRegression : SoftmaxRegression;
      // l2 = 1/(C·n) turns scikit-learn's objective into Entropic's (divided by C·n).
      const l2 = 1 / (c.C * c.n);
      expect(l2).toBeCloseTo(c.l2, 15);
      const model = new Model({ l2, solver }).fit(X, y);
      expect(model.converged).toBe(true);
      expect(maxAbsDiff(model.coef, c.coef)).toBeLessThanOrEqual(1e-4);
      if (c.model === 'SoftmaxRegression') {
        expect(maxAbsDiff(centred(model.intercept), centred(fromJson(c.intercept)))).toBeLessThanOrEqual(1e-4);
      } else {
        expect(maxAbsDiff(model.intercept, c.intercept)).toBeLessThanOrEqual(1e-4);
      }
      expect(Math.abs(model.objective(X, y) - c.objective)).toBeLessThanOrEqual(1e-8);
      const proba = model.predictProba(X);
      const first5 = proba.slice([0, ...(proba.ndim === 2 ? [0] : [])], [5, ...(proba.ndim === 2 ? [proba.shape[1]!] : [])]);
      expect(maxAbsDiff(first5, c.predictProbaFirst5)).toBeLessThanOrEqual(1e-5);
      expect(model.score(X, y)).toBeCloseTo(c.trainAccuracy, 12);
    });
  }
});
