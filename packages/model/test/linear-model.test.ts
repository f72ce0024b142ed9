import { describe, expect, it } from 'vitest';
import { Tensor, tensor } from '@entropic/core';
import { binaryCrossEntropy, defineLoss } from '@entropic/loss';
import { LogisticRegression, SoftmaxRegression, rocAuc } from '../src/index.js';
import { fromJson, loadCases } from './conformance.js';

interface Case { name: string; l2: number; objective: number; X: never; y: never }
const [bc1, , iris] = loadCases<Case>('sklearn.json');
const X = fromJson(bc1!.X); // standardised breast cancer (population std), float64
const y = fromJson(bc1!.y);

describe('LogisticRegression solvers', () => {
  it("'gd' (the article's): monotone decrease, reaches scikit-learn's objective within 1e-4", () => {
    const model = new LogisticRegression({ l2: bc1!.l2, solver: 'gd', lr: 0.5, maxIter: 20000, tol: 1e-5 });
    model.fit(X, y);
    const h = model.history;
    for (let i = 1; i < h.length; i++) expect(h[i]!).toBeLessThanOrEqual(h[i - 1]!);
    expect(h[0]).toBeCloseTo(Math.log(2), 13); // zero coefficients: every p = ½
    expect(model.converged).toBe(true);
    expect(model.objective(X, y) - bc1!.objective).toBeLessThan(1e-4);
    expect(model.objective(X, y) - bc1!.objective).toBeGreaterThanOrEqual(-1e-12);
  });

  it("'sgd' and 'adam' (seeded mini-batches) get close to the optimum and are reproducible", () => {
    for (const solver of ['sgd', 'adam'] as const) {
      const opts = { l2: bc1!.l2, solver, lr: solver === 'sgd' ? 0.05 : 0.01, maxIter: 60, batchSize: 32, seed: 7 };
      const a = new LogisticRegression(opts).fit(X, y);
      const b = new LogisticRegression(opts).fit(X, y);
      expect(Array.from(a.coef.data)).toEqual(Array.from(b.coef.data));
      expect(a.objective(X, y) - bc1!.objective, solver).toBeLessThan(0.02);
      expect(a.history.length, solver).toBeGreaterThan(3);
      const c = new LogisticRegression({ ...opts, seed: 8 }).fit(X, y);
      expect(Array.from(c.coef.data)).not.toEqual(Array.from(a.coef.data));
    }
  });

  it('onEpoch reports every iteration and can stop training', () => {
    const seen: { epoch: number; loss: number; gradMaxAbs?: number }[] = [];
    const m = new LogisticRegression({ solver: 'gd' }).fit(X, y, {
      onEpoch: (info) => {
        seen.push(info);
        return info.epoch < 9;
      },
    });
    expect(seen.map((s) => s.epoch)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(m.history).toEqual(seen.map((s) => s.loss));
    expect(seen[0]!.gradMaxAbs).toBeGreaterThan(0);
    expect((seen[0] as { totalEpochs?: number }).totalEpochs).toBe(1000);
    expect(m.nIter).toBe(10);
    expect(m.converged).toBe(false);
  });

  it("a custom loss: the article's σ then binaryCrossEntropy, and defineLoss", () => {
    const viaProbs = new LogisticRegression({ l2: bc1!.l2, solver: 'lbfgs', loss: binaryCrossEntropy }).fit(X, y);
    expect(viaProbs.objective(X, y)).toBeCloseTo(bc1!.objective, 8);
    const named = new LogisticRegression({ l2: bc1!.l2, solver: 'lbfgs', loss: 'binaryCrossEntropy' }).fit(X, y);
    expect(named.objective(X, y)).toBeCloseTo(bc1!.objective, 8);
    // A user-defined loss: twice the logistic loss has the same minimiser when l2 doubles too.
    const twice = defineLoss((z: Tensor, t: Tensor) => z.softplus().sub(z.mul(t)).mul(2));
    const m = new LogisticRegression({ l2: 2 * bc1!.l2, solver: 'lbfgs', loss: twice }).fit(X, y);
    expect(m.objective(X, y)).toBeCloseTo(2 * bc1!.objective, 8);
  });

  it('fitIntercept: false keeps a zero intercept; predictions and scores are consistent', () => {
    const m = new LogisticRegression({ l2: bc1!.l2, solver: 'lbfgs', fitIntercept: false }).fit(X, y);
    expect(m.intercept.shape).toEqual([]);
    expect(m.intercept.item()).toBe(0);
    const p = m.predictProba(X);
    const yhat = m.predict(X);
    expect(yhat.dtype).toBe('int32');
    p.data.forEach((v, i) => {
      expect(yhat.data[i]).toBe(v > 0.5 ? 1 : 0);
    });
    expect(rocAuc(y, m.decisionFunction(X))).toBeGreaterThan(0.99);
  });

  it('accepts number[][] and number[] (as float64)', () => {
    const rows = X.toArray() as number[][];
    const labels = Array.from(y.data);
    const a = new LogisticRegression({ l2: bc1!.l2, solver: 'lbfgs' }).fit(rows, labels);
    const b = new LogisticRegression({ l2: bc1!.l2, solver: 'lbfgs' }).fit(X, y);
    expect(Array.from(a.coef.data)).toEqual(Array.from(b.coef.data));
    expect(a.coef.dtype).toBe('float64');
  });
});

describe('bad input and non-finite training', () => {
  it('names the function, what was expected and what came', () => {
    const m = new LogisticRegression();
    expect(() => m.predict(X)).toThrow('LogisticRegression.decisionFunction: the model is not fitted; call fit(X, y) first');
    expect(() => m.fit(X, y.slice([0], [10]))).toThrow('LogisticRegression.fit: expected y with 569 labels (one per row of X), got 10');
    expect(() => m.fit([[1, 2], [3, 4]], [0, 2])).toThrow('LogisticRegression.fit: y[1] must be an integer in [0, 1] (a class index), got 2');
    expect(() => m.fit([[1, Number.NaN]], [0])).toThrow('LogisticRegression.fit: X[0][1] is NaN; features must be finite');
    expect(() => new LogisticRegression({ solver: 'newton' as never })).toThrow(/LogisticRegression: solver must be one of 'gd', 'sgd', 'adam', 'lbfgs', got "newton"/);
    expect(() => new SoftmaxRegression({ l2: -1 })).toThrow('SoftmaxRegression: l2 must be a finite number ≥ 0, got -1');
    // A loss that rejects its input fails the fit before any iteration: the model is unchanged.
    const picky = new LogisticRegression({ solver: 'lbfgs', loss: () => { throw new Error('picky: no'); } });
    expect(() => picky.fit(X, y)).toThrow('picky: no');
    expect(() => picky.coef).toThrow(/not fitted/);
    const fitted = new LogisticRegression({ solver: 'lbfgs' }).fit(X, y);
    expect(() => fitted.predict([[1, 2, 3]])).toThrow('LogisticRegression.decisionFunction: expected X with 30 features, got shape [1, 3]');
  });

  it('a diverging fit stops naming the epoch and batch and keeps the last finite parameters', () => {
    // Separable data with a huge step: the logits overflow float32 within a few iterations.
    const Xs = tensor([[1e19], [-1e19], [2e19], [-2e19]]);
    const ys = [1, 0, 1, 0];
    const m = new LogisticRegression({ solver: 'gd', lr: 1e20, maxIter: 100 });
    let message = '';
    try {
      m.fit(Xs, ys);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^LogisticRegression\.fit: (non-finite loss \(\S+\)|parameter \d+ \(shape \[\d+(, \d+)*\]\) became \S+) at epoch \d+, batch 0/);
    expect(message).toMatch(/restored to their last finite values/);
    expect([...m.coef.data, m.intercept.item()].every(Number.isFinite)).toBe(true);
    // The iterations completed before the failure stay in the history.
    expect(m.history.length).toBeGreaterThan(0);
    expect(m.history.every(Number.isFinite)).toBe(true);
    expect(m.predictProba(Xs).data.every((v) => !Number.isNaN(v))).toBe(true);
  });
});

describe('SoftmaxRegression', () => {
  it('iris: probabilities sum to 1, predict is the arg max, K inferred from y', () => {
    const Xi = fromJson(iris!.X);
    const yi = fromJson(iris!.y);
    const m = new SoftmaxRegression({ l2: iris!.l2, solver: 'lbfgs' }).fit(Xi, yi);
    expect(m.coef.shape).toEqual([3, 4]);
    const p = m.predictProba(Xi);
    for (let i = 0; i < 150; i++) expect(p.data[3 * i]! + p.data[3 * i + 1]! + p.data[3 * i + 2]!).toBeCloseTo(1, 14);
    expect(m.score(Xi, yi)).toBeGreaterThan(0.95);
    expect(() => new SoftmaxRegression().fit([[1], [2]], [0, 0])).toThrow('SoftmaxRegression.fit: expected at least 2 classes in y (labels 0…K−1), got only class 0');
  });
});

describe('save / load', () => {
  const model = new SoftmaxRegression({ l2: iris!.l2, solver: 'lbfgs' }).fit(fromJson(iris!.X), fromJson(iris!.y));
  const Xi = fromJson(iris!.X);

  it('round trip (object and text) gives identical predictions', () => {
    const text = JSON.stringify(model.toJSON());
    for (const src of [text, JSON.parse(text)]) {
      const back = SoftmaxRegression.fromJSON(src);
      expect(Array.from(back.predictProba(Xi).data)).toEqual(Array.from(model.predictProba(Xi).data));
      expect(back.history).toEqual(model.history);
      expect(back.options).toEqual(model.options);
    }
    const lr = new LogisticRegression({ solver: 'lbfgs', fitIntercept: false }).fit(X.cast('float32'), y);
    const lrBack = LogisticRegression.fromJSON(JSON.stringify(lr.toJSON()));
    expect(lrBack.coef.dtype).toBe('float32');
    expect(Array.from(lrBack.predictProba(X).data)).toEqual(Array.from(lr.predictProba(X).data));
  });

  it('every corrupted file throws a clear error', () => {
    const good = JSON.stringify(model.toJSON());
    // biome-ignore lint/suspicious/noExplicitAny: the test edits arbitrary saved JSON
    const edit = (f: (o: Record<string, any>) => void) => {
      const o = JSON.parse(good);
      f(o);
      return JSON.stringify(o);
    };
    const cases: [string, string | object | null, RegExp][] = [
      ['truncated', good.slice(0, good.length / 2), /does not parse \(truncated or corrupted\?\)/],
      ['empty', '', /does not parse/],
      ['not an object', '[1, 2]', /expected a saved-model object or its JSON text, got an array of length 2/],
      ['null', null, /got null/],
      ['another format', edit((o) => { o.format = 'keras'; }), /expected format 'entropic-model', got "keras"/],
      ['another version', edit((o) => { o.version = 2; }), /unsupported version 2; this release reads version 1/],
      ['no version', edit((o) => { delete o.version; }), /unsupported version undefined/],
      ['another kind', JSON.stringify(new LogisticRegression({ solver: 'lbfgs' }).fit(X, y).toJSON()), /expected a saved SoftmaxRegression, got kind "LogisticRegression"/],
      ['missing coef', edit((o) => { delete o.coef; }), /missing field 'coef'/],
      ['coef shape', edit((o) => { o.coef.shape = [4, 3]; }), /'coef' expected shape \[3, 4\], got \[4, 3\]/],
      ['coef data short', edit((o) => { o.coef.data.pop(); }), /'coef.data' expected 12 numbers for shape \[3, 4\], got an array of length 11/],
      ['coef NaN', edit((o) => { o.coef.data[5] = 'NaN'; }), /'coef.data\[5\]' expected a finite number, got "NaN"/],
      ['intercept shape', edit((o) => { o.intercept.shape = [2]; }), /'intercept' expected shape \[3\], got \[2\]/],
      ['intercept vs fitIntercept', edit((o) => { o.intercept = null; }), /field 'intercept' is null but fitIntercept is true/],
      ['nFeatures disagree', edit((o) => { o.nFeatures = 5; }), /'coef' expected shape \[3, 5\], got \[3, 4\]/],
      ['bad option', edit((o) => { o.options.solver = 'newton'; }), /option 'solver' has an invalid value "newton"/],
      ['unknown option', edit((o) => { o.options.C = 1; }), /unknown option 'C'/],
      ['dtype', edit((o) => { o.coef.dtype = 'int32'; }), /'coef.dtype' expected 'float32' or 'float64', got "int32"/],
      ['history', edit((o) => { o.history = 'x'; }), /field 'history' expected an array of finite numbers/],
    ];
    for (const [name, src, pattern] of cases) {
      expect(() => SoftmaxRegression.fromJSON(src), name).toThrow(pattern);
      expect(() => SoftmaxRegression.fromJSON(src), name).toThrow(/^SoftmaxRegression\.fromJSON: /);
    }
  });

  it('an unfitted model cannot be saved', () => {
    expect(() => new LogisticRegression().toJSON()).toThrow('LogisticRegression.toJSON: the model is not fitted; call fit(X, y) first');
  });
});

void Tensor;
