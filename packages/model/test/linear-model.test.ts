import { describe, expect, it } from 'vitest';
import { type Tensor, tensor } from '@entropic/core';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, defineLoss } from '@entropic/loss';
import { Identity, LogisticRegression, Sequential, SoftmaxRegression, fit, rocAuc, saveModule } from '../src/index.js';
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
    // newton-cg: Hessian-vector products by autodiff through the user's loss.
    const newton = new LogisticRegression({ l2: 2 * bc1!.l2, solver: 'newton-cg', loss: twice }).fit(X, y);
    expect(newton.converged).toBe(true);
    expect(newton.nIter).toBeLessThan(20);
    expect(newton.objective(X, y)).toBeCloseTo(2 * bc1!.objective, 10);
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

const code = (c: string, fragment?: string) => expect.objectContaining({ code: c, ...(fragment ? { message: expect.stringContaining(fragment) } : {}) });

describe('bad input: typed errors', () => {
  it('names the function, what was expected and what came', () => {
    const m = new LogisticRegression();
    expect(() => m.predict(X)).toThrow(code('STATE', 'LogisticRegression.decisionFunction: the model is not fitted'));
    expect(() => m.fit(X, y.slice([0], [10]))).toThrow(code('SHAPE', 'expected y with 569 labels (one per row of X), got 10'));
    expect(() => m.fit([[1, 2], [3, 4]], [0, 2])).toThrow(code('VALUE', 'y[1] to be an integer in [0, 1] (a class index), got 2'));
    expect(() => m.fit([[1, Number.NaN]], [0])).toThrow(code('NON_FINITE', 'X[0][1] = NaN'));
    expect(() => new LogisticRegression({ solver: 'newton' as never })).toThrow(code('OPTION', "expected option 'solver' to be one of"));
    expect(() => new SoftmaxRegression({ l2: -1 })).toThrow(code('OPTION', "expected option 'l2' to be a finite number >= 0, got number -1"));
    // A loss that rejects its input fails the fit before any iteration: the model is unchanged.
    const picky = new LogisticRegression({ solver: 'lbfgs', loss: () => { throw new Error('picky: no'); } });
    expect(() => picky.fit(X, y)).toThrow(/picky: no/);
    expect(() => picky.coef).toThrow(code('STATE'));
    const fitted = new LogisticRegression({ solver: 'lbfgs' }).fit(X, y);
    expect(() => fitted.predict([[1, 2, 3]])).toThrow(code('SHAPE', 'expected X with 30 features, got shape [1, 3]'));
  });

  it('strict options: a typo throws OPTION naming the closest known option', () => {
    expect(() => new LogisticRegression({ C: 1, maxiter: 5 } as never)).toThrow(code('OPTION', "unknown option 'C'"));
    expect(() => new LogisticRegression({ maxiter: 5 } as never)).toThrow(code('OPTION', "unknown option 'maxiter' (did you mean 'maxIter'?)"));
    // fit's names for the same things point to the estimator's.
    expect(() => new LogisticRegression({ epochs: 5 } as never)).toThrow(code('OPTION', "unknown option 'epochs' (did you mean 'maxIter'?)"));
    expect(() => new SoftmaxRegression({ patience: 5 } as never)).toThrow(code('OPTION', "(did you mean 'nIterNoChange'?)"));
    expect(() => new LogisticRegression().fit(X, y, { onEpochs: () => {} } as never)).toThrow(code('OPTION', "did you mean 'onEpoch'"));
    expect(() => new LogisticRegression({ seed: 1.5 })).toThrow(code('OPTION', 'a safe integer'));
  });
});

describe('convergence and divergence', () => {
  it("'gd' stopping at maxIter warns (as scikit-learn's ConvergenceWarning) and is not converged", () => {
    const seen: string[] = [];
    const m = new LogisticRegression({ l2: bc1!.l2, solver: 'gd', lr: 0.1, maxIter: 50 }).fit(X, y, { onWarning: (w) => seen.push(w.message) });
    expect(m.converged).toBe(false);
    expect(m.nIter).toBe(50);
    expect(m.warnings).toHaveLength(1);
    expect(m.warnings[0]!.code).toBe('CONVERGENCE');
    expect(m.warnings[0]!.message).toMatch(/^LogisticRegression\.fit: did not converge: stopped at maxIter = 50 iterations with max \|gradient\| \S+ > tol 1e-8/);
    expect(seen).toEqual([m.warnings[0]!.message]);
    const ok = new LogisticRegression({ l2: bc1!.l2, solver: 'lbfgs' }).fit(X, y);
    expect(ok.converged).toBe(true);
    expect(ok.warnings).toEqual([]);
  });

  it("adam with lr 10 is not reported converged: its loss oscillates far above the optimum", () => {
    const m = new LogisticRegression({ l2: bc1!.l2, solver: 'adam', lr: 10, seed: 1 }).fit(X, y);
    expect(m.objective(X, y)).toBeGreaterThan(bc1!.objective + 0.5);
    expect(m.converged).toBe(false);
    expect(m.warnings[0]!.message).toMatch(/oscillates .* the learning rate is probably too large/);
    // A sensible rate on the same data converges, with no warning.
    const good = new LogisticRegression({ l2: bc1!.l2, solver: 'adam', lr: 0.01, seed: 1 }).fit(X, y);
    expect(good.converged).toBe(true);
    expect(good.warnings).toEqual([]);
    expect(good.objective(X, y) - bc1!.objective).toBeLessThan(2e-3);
  });

  it('a diverging fit throws DIVERGED naming the epoch, and the model is left as it was', () => {
    const m = new LogisticRegression({ solver: 'adam', lr: 1e6, seed: 1 });
    expect(() => m.fit(X, y)).toThrow(code('DIVERGED', 'LogisticRegression.fit: training diverged at epoch'));
    expect(() => m.coef).toThrow(code('STATE')); // unfitted before, unfitted after
    // A fitted model keeps its fit when a new fit diverges: here the first fit converges at once
    // (all-zero features, balanced labels: the gradient at zero coefficients is 0).
    const fitted = new LogisticRegression({ solver: 'gd', lr: 1e6 }).fit(tensor(new Float64Array(4 * 30), { shape: [4, 30], dtype: 'float64' }), [0, 1, 0, 1]);
    expect(fitted.converged).toBe(true);
    const before = { coef: Array.from(fitted.coef.data), history: fitted.history.slice(), nIter: fitted.nIter };
    let err: unknown;
    try {
      fitted.fit(X, y);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'DIVERGED' });
    expect((err as Error).message).toMatch(/training diverged at epoch \d+: the loss (grew from \S+ to \S+|became \S+); the parameters are back/);
    expect({ coef: Array.from(fitted.coef.data), history: fitted.history, nIter: fitted.nIter }).toEqual(before);
    // Separable data with a huge step: float32 logits overflow.
    const Xs = tensor([[1e19], [-1e19], [2e19], [-2e19]]);
    expect(() => new LogisticRegression({ solver: 'gd', lr: 1e20, maxIter: 100 }).fit(Xs, [1, 0, 1, 0])).toThrow(code('DIVERGED'));
  });
});

describe('estimators are Modules', () => {
  it('stateDict, loadStateDict, Sequential and fit', () => {
    const m = new LogisticRegression({ l2: bc1!.l2, solver: 'lbfgs' }).fit(X, y);
    const state = m.stateDict();
    expect(Object.keys(state)).toEqual(['linear.weight', 'linear.bias']);
    expect(state['linear.weight']!.shape).toEqual([1, 30]);
    const copy = new LogisticRegression();
    copy.forward(X); // an unfitted binary model makes zero parameters on first use
    copy.loadStateDict(JSON.parse(JSON.stringify(state)));
    expect(Array.from(copy.predictProba(X).data)).toEqual(Array.from(m.predictProba(X).data));
    const seq = new Sequential(new Identity(), m);
    expect(Array.from(seq.predict(X).data)).toEqual(Array.from(m.predict(X).data));
    // fit() trains an estimator through the same loop: from zeros, full batch L-BFGS, to the same optimum (no penalty here).
    const viaFit = new LogisticRegression();
    fit(viaFit, X, y, { optimizer: 'lbfgs', optimizerOptions: { lineSearch: 'strongWolfe', maxIter: 50 }, batchSize: 569, epochs: 3, shuffle: false });
    const own = new LogisticRegression({ solver: 'lbfgs', maxIter: 150, l2: 0 }).fit(X, y, { onWarning: () => {} });
    expect(viaFit.objective(X, y)).toBeLessThan(own.history[0]! / 5);
    expect(() => new SoftmaxRegression().forward(X)).toThrow(code('STATE', 'pass { numClasses }'));
    expect(new SoftmaxRegression({ numClasses: 3 }).forward(X).shape).toEqual([569, 3]);
  });
});

describe('the head comes from the loss\'s declared input, never its name', () => {
  it('a user loss that declares probabilities receives probabilities', () => {
    let seenMin = Infinity;
    let seenMax = -Infinity;
    const bceOnProbs = Object.assign((p: Tensor, t: Tensor, opts?: { reduction?: 'none' }) => {
      for (const v of p.data) {
        seenMin = Math.min(seenMin, v);
        seenMax = Math.max(seenMax, v);
      }
      return binaryCrossEntropy(p, t, opts);
    }, { meta: { input: 'probabilities', target: 'probabilities' } as const });
    const m = new LogisticRegression({ l2: bc1!.l2, solver: 'lbfgs', loss: bceOnProbs }).fit(X, y);
    expect(seenMin).toBeGreaterThanOrEqual(0);
    expect(seenMax).toBeLessThanOrEqual(1);
    expect(m.objective(X, y)).toBeCloseTo(bc1!.objective, 8);
  });

  it("defineLoss({ meta: { input: 'probabilities' } }): the model feeds σ(z) and reaches the same optimum", () => {
    // The log loss on probabilities, written with core ops (no clamping needed at this optimum).
    const logLossOnProbs = defineLoss({
      name: 'logLossOnProbs',
      elementwise: (p: Tensor, t: Tensor) => t.mul(p.log()).add(t.neg().add(1).mul(p.neg().add(1).log())).neg(),
      meta: { input: 'probabilities', target: 'probabilities' },
      register: false,
    });
    const m = new LogisticRegression({ l2: bc1!.l2, solver: 'newton-cg', loss: logLossOnProbs }).fit(X, y);
    expect(m.converged).toBe(true);
    expect(m.objective(X, y)).toBeCloseTo(bc1!.objective, 10);
  });

  it('a loss without meta that wants probabilities fails with an error naming the loss and the fix', () => {
    const strict = (p: Tensor, t: Tensor) => binaryCrossEntropy(p, t);
    expect(() => new LogisticRegression({ solver: 'gd', loss: strict }).fit(X, y)).toThrow(code('VALUE', "declare what it takes with defineLoss's meta option"));
  });

  it('class-index losses see a binary model as two columns [0, z]: crossEntropy and nllLoss reach the same optimum', () => {
    for (const loss of ['crossEntropy', 'nllLoss']) {
      const m = new LogisticRegression({ l2: bc1!.l2, solver: 'lbfgs', loss }).fit(X, y);
      expect(m.objective(X, y), loss).toBeCloseTo(bc1!.objective, 8);
    }
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

  it('every corrupted file throws FORMAT and builds nothing', () => {
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
      ['not an object', '[1, 2]', /expected a saved model \(an object or its JSON text\), got an array of length 2/],
      ['null', null, /got null/],
      ['another format', edit((o) => { o.format = 'keras'; }), /expected format 'entropic-model', got "keras"/],
      ['another version', edit((o) => { o.version = 1; }), /unsupported version number 1; this release reads version 2/],
      ['no version', edit((o) => { delete o.version; }), /unsupported version undefined/],
      ['another kind', JSON.stringify(new LogisticRegression({ solver: 'lbfgs' }).fit(X, y).toJSON()), /expected a saved SoftmaxRegression, got a saved LogisticRegression/],
      ['missing state', edit((o) => { delete o.state; }), /missing field 'state'/],
      ['weight shape', edit((o) => { o.state['linear.weight'].shape = [4, 3]; }), /expected 'linear.weight' of shape \[3, 4\], got \[4, 3\]/],
      ['weight data short', edit((o) => { o.state['linear.weight'].data.pop(); }), /expected 'state\['linear.weight'\].data' to hold 12 numbers for shape \[3, 4\], got an array of length 11/],
      ['weight NaN', edit((o) => { o.state['linear.weight'].data[5] = 'NaN'; }), /expected finite values in 'linear.weight', got NaN at index 5/],
      ['no bias but fitIntercept', edit((o) => { delete o.state['linear.bias']; }), /missing \[linear.bias\]/],
      ['nFeatures disagree', edit((o) => { o.extraState[''].nFeatures = 5; }), /expected 'linear.weight' of shape \[3, 5\], got \[3, 4\]/],
      ['bad option', edit((o) => { o.module.args[0].solver = 'newton'; }), /cannot rebuild SoftmaxRegression .*expected option 'solver' to be one of/],
      ['unknown option', edit((o) => { o.module.args[0].C = 1; }), /unknown option 'C'/],
      ['unknown class', edit((o) => { o.module.class = 'Lasso'; }), /unknown module class 'Lasso'/],
      ['dtype', edit((o) => { o.state['linear.weight'].dtype = 'int8'; }), /expected 'state\['linear.weight'\].dtype' to be one of float32, float64, int32/],
      ['history', edit((o) => { o.extraState[''].history = 'x'; }), /expected 'history' to be an array of finite numbers/],
    ];
    for (const [name, src, pattern] of cases) {
      let err: unknown;
      try {
        SoftmaxRegression.fromJSON(src);
      } catch (e) {
        err = e;
      }
      expect(err, name).toMatchObject({ code: 'FORMAT' });
      expect((err as Error).message, name).toMatch(pattern);
      expect((err as Error).message, name).toMatch(/^SoftmaxRegression\.fromJSON: /);
    }
  });

  it('an unfitted model round-trips as unfitted; a loss saved by name, an unregistered one left out with a warning', () => {
    const back = LogisticRegression.fromJSON(JSON.stringify(new LogisticRegression({ solver: 'lbfgs', l2: 0.5 }).toJSON()));
    expect(back.options).toEqual({ solver: 'lbfgs', l2: 0.5 });
    expect(() => back.coef).toThrow(code('STATE'));
    const named = LogisticRegression.fromJSON(JSON.stringify(new LogisticRegression({ loss: binaryCrossEntropy }).toJSON()));
    expect(named.options.loss).toBe('binaryCrossEntropy');
    const warnings: string[] = [];
    const custom = new LogisticRegression({ loss: (z: Tensor, t: Tensor) => binaryCrossEntropyWithLogits(z, t) });
    const saved = saveModule(custom, { onWarning: (w) => warnings.push(w) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/its loss is a function that is not registered, so it is not saved/);
    expect(LogisticRegression.fromJSON(saved).options.loss).toBeUndefined();
  });
});
