import { describe, expect, it } from 'vitest';
import { LinearRegression, LogisticRegression, Ridge, SoftmaxRegression, fit } from '../src/index.js';
import { type ClassifierCase, type JsonTensor, centred, compare, fromJson, loadCases, maxAbsDiff } from './conformance.js';

interface WeightedCase extends ClassifierCase {
  sampleWeight?: JsonTensor;
  classWeight?: 'balanced';
  effectiveWeights: JsonTensor;
}

describe("sklearn-weighted.json: sample and class weights reach scikit-learn's exact optimum", () => {
  const cases = loadCases<WeightedCase>('sklearn-weighted.json');
  it('has the five cases', () => {
    expect(cases).toHaveLength(5);
  });
  for (const c of cases) for (const solver of ['lbfgs', 'newton-cg'] as const) {
    it(`${c.name} (${solver})`, () => {
      const X = fromJson(c.X);
      const y = fromJson(c.y);
      const Model = c.model === 'LogisticRegression' ? LogisticRegression : SoftmaxRegression;
      const model = new Model({ l2: 1 / (c.C * c.n), solver, ...(c.classWeight ? { classWeight: c.classWeight } : {}) });
      model.fit(X, y, c.sampleWeight ? { sampleWeight: fromJson(c.sampleWeight) } : {});
      expect(model.converged).toBe(true);
      expect(maxAbsDiff(model.coef, c.coef)).toBeLessThanOrEqual(1e-4);
      const intercept = c.model === 'SoftmaxRegression' ? centred(model.intercept) : model.intercept;
      expect(maxAbsDiff(intercept, c.intercept)).toBeLessThanOrEqual(1e-4);
      const p = model.predictProba(X);
      const first5 = p.slice([0, ...(p.ndim === 2 ? [0] : [])], [5, ...(p.ndim === 2 ? [p.shape[1]!] : [])]);
      expect(maxAbsDiff(first5, c.predictProbaFirst5)).toBeLessThanOrEqual(1e-5);
      // The objective (its weights: sampleWeight × the class weight) is the optimum's.
      expect(Math.abs(model.objective(X, y, c.sampleWeight ? { sampleWeight: fromJson(c.sampleWeight) } : {}) - c.objective)).toBeLessThanOrEqual(1e-9);
      // The effective weights given as sample weights alone define the same objective.
      const plain = new Model({ l2: 1 / (c.C * c.n), solver }).fit(X, y, { sampleWeight: fromJson(c.effectiveWeights) });
      expect(maxAbsDiff(plain.coef, model.coef)).toBeLessThanOrEqual(1e-6);
    });
  }

  it('fit() with sampleWeight and the same loss reaches the same optimum (one training loop)', () => {
    const c = cases[0]!;
    const X = fromJson(c.X);
    const y = fromJson(c.y);
    // A LogisticRegression without penalty trained by fit(): compare with the estimator's own fit.
    const own = new LogisticRegression({ solver: 'lbfgs', l2: 0, maxIter: 30 }).fit(X, y, { sampleWeight: fromJson(c.sampleWeight!) });
    const viaFit = new LogisticRegression();
    const h = fit(viaFit, X, y, { optimizer: 'lbfgs', optimizerOptions: { lineSearch: 'strongWolfe', maxIter: 1, historySize: 100 }, batchSize: c.n, shuffle: false, epochs: 30, sampleWeight: fromJson(c.sampleWeight!), onWarning: () => {} });
    expect(h.loss[0]).toBeCloseTo(own.history[0]!, 12);
    expect(maxAbsDiff(viaFit.coef, own.coef)).toBeLessThan(1e-6);
  });
});

interface RegressionCase {
  name: string;
  model: 'LinearRegression' | 'Ridge';
  options: { alpha?: number; fitIntercept?: boolean };
  coef: JsonTensor;
  intercept: JsonTensor;
  predictFirst5: JsonTensor;
  score: number;
  rank?: number;
  sampleWeight?: JsonTensor;
  X: JsonTensor;
  y: JsonTensor;
}

describe('sklearn-regression.json: LinearRegression and Ridge exact to scikit-learn', () => {
  const cases = loadCases<RegressionCase>('sklearn-regression.json');
  it('has the ten cases', () => {
    expect(cases).toHaveLength(10);
  });
  for (const c of cases) {
    it(c.name, () => {
      const X = fromJson(c.X);
      const y = fromJson(c.y);
      const model = c.model === 'LinearRegression' ? new LinearRegression(c.options) : new Ridge(c.options);
      const opts = c.sampleWeight ? { sampleWeight: fromJson(c.sampleWeight) } : {};
      model.fit(X, y, opts);
      expect(compare(model.coef, c.coef, 1e-8, 1e-8)).toBeNull();
      if (c.options.fitIntercept === false) expect(model.intercept.data.every((v) => v === 0)).toBe(true);
      else expect(compare(model.intercept, c.intercept, 1e-8, 1e-8)).toBeNull();
      expect(compare(model.predict(X).slice([0, ...(y.ndim === 2 ? [0] : [])], [5, ...(y.ndim === 2 ? [y.shape[1]!] : [])]), c.predictFirst5, 1e-8, 1e-8)).toBeNull();
      expect(model.score(X, y, opts)).toBeCloseTo(c.score, 10);
      if (c.rank !== undefined) expect(model.rank).toBe(c.rank);
    });
  }
});
