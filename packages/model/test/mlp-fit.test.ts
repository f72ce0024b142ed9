import { describe, expect, it } from 'vitest';
import { type Tensor, noGrad, tensor } from '@entropic/core';
import { StandardScaler, loadBreastCancer, loadIris, trainTestSplit } from '@entropic/data';
import { type Batches, batches } from '@entropic/data';
import { LBFGS, SGD, StepLR } from '@entropic/optim';
import { MLP, Module, accuracy, fit, rocAuc, type EpochInfo } from '../src/index.js';

const code = (c: string, fragment?: string) => expect.objectContaining({ code: c, ...(fragment ? { message: expect.stringContaining(fragment) } : {}) });

function argmax(logits: Tensor): number[] {
  const [n, k] = logits.shape as [number, number];
  return Array.from({ length: n }, (_, i) => {
    let best = 0;
    for (let c = 1; c < k; c++) if (logits.data[i * k + c]! > logits.data[i * k + best]!) best = c;
    return best;
  });
}

// Iris's test set is 38 samples, so each error costs 0.026, and test accuracy depends on the
// split as much as on the model. With @entropic/data's batch order, this network scores (fit
// seeds 0–7) 0.92 on split seed 0, 0.947 on split 1 (0.974 for one fit seed), 0.947–1.0 on
// split 2 and 0.92–0.947 on split 3 (measured). The iris test pins split seed 1 and asks for
// at most two errors.
function split(data: { X: Tensor; y: Tensor }, seed = 0) {
  const s = trainTestSplit(data.X, data.y, { testSize: 0.25, seed, stratify: true });
  const scaler = new StandardScaler().fit(s.XTrain);
  return { XTrain: scaler.transform(s.XTrain), XTest: scaler.transform(s.XTest), yTrain: s.yTrain, yTest: s.yTest };
}

describe('fit: an MLP classifier on real data (seeded split)', () => {
  it('iris: ≥ 0.94 test accuracy (at most 2 errors in 38)', () => {
    const { XTrain, XTest, yTrain, yTest } = split(loadIris(), 1);
    const model = new MLP([4, 16, 3], { seed: 0, dtype: 'float64' });
    const epochs: number[] = [];
    const history = fit(model, XTrain, yTrain, {
      loss: 'crossEntropy', optimizer: 'adam', lr: 0.01, epochs: 200, batchSize: 16, seed: 1,
      onEpoch: ({ epoch }) => { epochs.push(epoch); },
    });
    expect(history.epochs).toBe(200);
    expect(epochs).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(history.loss[199]!).toBeLessThan(history.loss[0]! / 5);
    const acc = accuracy(yTest, argmax(noGrad(() => model.forward(XTest))));
    expect(acc).toBeGreaterThanOrEqual(0.94);
  });

  it('breast cancer: ≥ 0.97 test accuracy, validation data and early stopping', () => {
    const { XTrain, XTest, yTrain, yTest } = split(loadBreastCancer());
    const model = new MLP([30, 16, 2], { seed: 0 });
    const history = fit(model, XTrain, yTrain, {
      optimizer: 'adam', lr: 0.005, epochs: 300, batchSize: 32, seed: 2,
      validationData: [XTest, yTest], earlyStopping: { patience: 10 },
    });
    expect(history.valLoss).toHaveLength(history.epochs);
    expect(history.valAccuracy).toHaveLength(history.epochs);
    expect(history.stoppedEarly).toBe(true);
    expect(history.bestEpoch).not.toBeNull();
    // The restored parameters are those of the best epoch.
    const acc = accuracy(yTest, argmax(noGrad(() => model.forward(XTest))));
    expect(acc).toBe(history.valAccuracy[history.bestEpoch!]);
    expect(acc).toBeGreaterThanOrEqual(0.97);
  });

  it('onEpoch returning false stops training; the same seed gives the same run', () => {
    const { XTrain, yTrain } = split(loadIris());
    const run = () => {
      const model = new MLP([4, 8, 3], { seed: 3 });
      const h = fit(model, XTrain, yTrain, { optimizer: 'sgd', lr: 0.1, epochs: 50, seed: 4, onEpoch: ({ epoch }) => epoch < 4 });
      return { h, w: Array.from(model.parameters()[0]!.data) };
    };
    const a = run();
    const b = run();
    expect(a.h.epochs).toBe(5);
    expect(a.h.loss).toEqual(b.h.loss);
    expect(a.w).toEqual(b.w);
  });

  it('a diverging fit throws DIVERGED naming the epoch and batch; the parameters are as before fit', () => {
    const { XTrain, yTrain } = split(loadIris());
    const model = new MLP([4, 8, 3], { seed: 3 });
    const before = model.parameters().map((p) => Array.from(p.data));
    expect(() => fit(model, XTrain, yTrain, { optimizer: 'sgd', lr: 1e30, epochs: 5, seed: 1 })).toThrow(code('DIVERGED', 'fit: training diverged at epoch 0, batch'));
    expect(model.parameters().map((p) => Array.from(p.data))).toEqual(before);
    // A given optimizer's state is put back too.
    const opt = new SGD(model.parameters(), { lr: 1e3, momentum: 0.9 });
    const state = JSON.stringify(opt.stateDict());
    expect(() => fit(model, XTrain, yTrain, { optimizer: opt, epochs: 20, seed: 1 })).toThrow(code('DIVERGED'));
    expect(JSON.stringify(opt.stateDict())).toBe(state);
  });

  it('a parameter that overflows on an epoch\'s last batch (no loss after it) still stops training with DIVERGED, parameters put back', () => {
    const { XTrain, yTrain } = split(loadIris());
    const model = new MLP([4, 8, 3], { seed: 3 });
    const before = model.parameters().map((p) => Array.from(p.data));
    // 112 rows in batches of 16: 7 steps per epoch; the 7th writes ∞ into a weight after its update.
    class Overflowing extends SGD {
      steps = 0;
      override step(): undefined {
        super.step();
        if (++this.steps === 7) model.parameters()[0]!.data[0] = Number.POSITIVE_INFINITY;
        return undefined;
      }
    }
    const opt = new Overflowing(model.parameters(), { lr: 0.01 });
    expect(() => fit(model, XTrain, yTrain, { optimizer: opt, epochs: 3, batchSize: 16, seed: 1 })).toThrow(code('DIVERGED', 'at epoch 0: parameter 0 (shape [8, 4]) became non-finite'));
    expect(model.parameters().map((p) => Array.from(p.data))).toEqual(before);
  });

  it('bad arguments get typed errors; typos in options throw naming the closest option', () => {
    const { XTrain, yTrain } = split(loadIris());
    const model = new MLP([4, 3], { seed: 0 });
    expect(() => fit(model, XTrain, yTrain, { epochs: 0 })).toThrow(code('OPTION', "expected option 'epochs' to be an integer >= 1, got number 0"));
    expect(() => fit(model, XTrain, [0, 1])).toThrow(code('SHAPE', 'expected y with 112 labels'));
    expect(() => fit(model, XTrain, yTrain, { optimizer: 'lion' })).toThrow(code('VALUE', "no optimizer registered as 'lion'"));
    expect(() => fit(model, XTrain, yTrain, { optimizer: 'adma' })).toThrow(code('VALUE', "did you mean 'adam'"));
    expect(() => fit(model, XTrain, yTrain, { earlyStopping: { monitor: 'valLoss' } })).toThrow(code('OPTION', "earlyStopping monitors 'valLoss' but no validationData was given"));
    expect(() => fit(model, XTrain, yTrain, { earlyStopping: { patiense: 3 } as never })).toThrow(code('OPTION', "fit.earlyStopping: unknown option 'patiense' (did you mean 'patience'?)"));
    expect(() => fit(new MLP([5, 3], { seed: 0 }), XTrain, yTrain)).toThrow(code('SHAPE', 'fit: the model cannot take X of shape [112, 4]: linear: expected input of shape [..., 5]'));
    // The typos: each throws instead of training the default 10 epochs.
    expect(() => fit(model, XTrain, yTrain, { epoch: 3, batchsize: 2 } as never)).toThrow(code('OPTION', "unknown option 'epoch' (did you mean 'epochs'?)"));
    expect(() => fit(model, XTrain, yTrain, { batchsize: 2 } as never)).toThrow(code('OPTION', "did you mean 'batchSize'"));
    expect(() => fit(model, XTrain, yTrain, { maxIter: 3 } as never)).toThrow(code('OPTION', "unknown option 'maxIter' (did you mean 'epochs'?)"));
    expect(() => fit(model, XTrain, yTrain, { patience: 3 } as never)).toThrow(code('OPTION', "(did you mean 'earlyStopping: { patience }'?)"));
  });

  it('takes any optimizer: L-BFGS (with its closure) on full batches', () => {
    const { XTrain, yTrain } = split(loadIris());
    const model = new MLP([4, 8, 3], { seed: 5, dtype: 'float64' });
    const h = fit(model, XTrain, yTrain, {
      optimizer: (params) => new LBFGS(params, { lineSearch: 'strongWolfe', maxIter: 20 }),
      batchSize: XTrain.shape[0]!, epochs: 5, shuffle: false,
    });
    expect(h.loss[4]!).toBeLessThan(h.loss[0]! / 4);
  });
});

describe('fit: regression targets', () => {
  it('mseLoss with a [n, 1] output takes y [n] as float targets', () => {
    const xs = Array.from({ length: 64 }, (_, i) => [i / 32 - 1]);
    const ys = xs.map(([v]) => 2 * v! + 1);
    const model = new MLP([1, 1], { seed: 0, dtype: 'float64' });
    const h = model.fit(xs, ys, { loss: 'mseLoss', optimizer: 'sgd', lr: 0.1, epochs: 200, batchSize: 16, seed: 0 });
    expect(h.loss[199]!).toBeLessThan(1e-8);
    const [w, b] = model.parameters();
    expect(w!.data[0]).toBeCloseTo(2, 4);
    expect(b!.data[0]).toBeCloseTo(1, 4);
  });
});

describe('fit: a one-column output with 0/1 targets', () => {
  it('trains with BCE-with-logits (never the silent loss 0 of a softmax over one column)', () => {
    const { XTrain, XTest, yTrain, yTest } = split(loadBreastCancer());
    const net = new MLP([30, 16, 1], { seed: 0 });
    const w0 = Array.from(net.parameters()[0]!.data);
    const h = fit(net, XTrain, yTrain, { epochs: 30, lr: 0.01, seed: 1 });
    expect(h.loss[0]!).toBeGreaterThan(0.1);
    expect(h.loss[29]!).toBeLessThan(h.loss[0]! / 4);
    expect(Array.from(net.parameters()[0]!.data)).not.toEqual(w0);
    expect(rocAuc(yTest, net.predictProba(XTest))).toBeGreaterThan(0.98);
    expect(accuracy(yTest, net.predict(XTest))).toBeGreaterThan(0.94);
  });

  it('crossEntropy over one column, or non-0/1 targets without a loss, throw', () => {
    const { XTrain, yTrain } = split(loadBreastCancer());
    const net = new MLP([30, 1], { seed: 0 });
    expect(() => fit(net, XTrain, yTrain, { loss: 'crossEntropy' })).toThrow(code('SHAPE', 'use binaryCrossEntropyWithLogits with 0/1 targets'));
    expect(() => fit(net, XTrain, Array.from({ length: XTrain.shape[0]! }, (_, i) => i / 7))).toThrow(code('VALUE', "{ loss: 'mseLoss' } for regression"));
  });
});

describe('fit: one batching scheme, weights, clipping, schedules, warnings', () => {
  it("visits the batches in @entropic/data's Batches order for the seed", () => {
    const X = Array.from({ length: 10 }, (_, i) => [i]);
    const y = Array.from({ length: 10 }, (_, i) => i);
    const seen: number[][] = [];
    class Recorder extends Module {
      readonly w = this.registerParameter('w', tensor([1], { dtype: 'float64' }));
      forward(x: Tensor): Tensor {
        if (x.shape[0]! > 1) seen.push(Array.from(x.data));
        return x.mul(this.w);
      }
    }
    fit(new Recorder(), X, y, { loss: 'mseLoss', optimizer: 'sgd', lr: 1e-3, epochs: 2, batchSize: 4, seed: 42 });
    const loader: Batches = batches(tensor(X, { dtype: 'float64' }), tensor(y, { dtype: 'float64' }), { batchSize: 4, shuffle: true, seed: 42 });
    const expected = [...loader.epoch(0), ...loader.epoch(1)].map((b) => Array.from(b.X.data));
    expect(seen).toEqual(expected);
  });

  it('sampleWeight: integer weights equal repeated rows; classWeight balanced', () => {
    const X = [[0], [1], [2], [3]];
    const y = [0.5, 1.5, 1, 4];
    const run = (xs: number[][], ys: number[], extra = {}) => {
      const m = new MLP([1, 1], { seed: 0, dtype: 'float64' });
      fit(m, xs, ys, { loss: 'mseLoss', optimizer: 'lbfgs', optimizerOptions: { lineSearch: 'strongWolfe', maxIter: 100 }, batchSize: 100, epochs: 3, shuffle: false, ...extra });
      return m.parameters().map((p) => p.data[0]!);
    };
    const weighted = run(X, y, { sampleWeight: [1, 2, 1, 3] });
    const repeated = run([[0], [1], [1], [2], [3], [3], [3]], [0.5, 1.5, 1.5, 1, 4, 4, 4]);
    expect(weighted[0]).toBeCloseTo(repeated[0]!, 8);
    expect(weighted[1]).toBeCloseTo(repeated[1]!, 8);
    expect(() => run(X, y, { sampleWeight: [1, 2, -1, 3] })).toThrow(code('VALUE', 'sampleWeight[2] to be a finite number >= 0'));
    expect(() => run(X, y, { classWeight: 'balanced' })).toThrow(code('VALUE', 'classWeight'));
    const { XTrain, yTrain } = split(loadIris());
    const h = fit(new MLP([4, 3], { seed: 1 }), XTrain, yTrain, { classWeight: 'balanced', epochs: 2, seed: 1 });
    expect(h.loss).toHaveLength(2);
    expect(() => fit(new MLP([4, 3], { seed: 1 }), XTrain, yTrain, { classWeight: [1, 2] })).toThrow(code('SHAPE', 'one weight per class (3)'));
  });

  it('clipGradNorm bounds every step; a scheduler steps each epoch', () => {
    const { XTrain, yTrain } = split(loadIris());
    const lrs: number[] = [];
    const m = new MLP([4, 3], { seed: 1, dtype: 'float64' });
    const before = m.parameters().map((p) => p.data.slice());
    fit(m, XTrain, yTrain, {
      optimizer: 'sgd', lr: 1, epochs: 1, batchSize: XTrain.shape[0]!, shuffle: false, clipGradNorm: 1e-3,
      scheduler: (opt) => new StepLR(opt as never, { stepSize: 1, gamma: 0.5 }),
      onEpoch: (info: EpochInfo) => { lrs.push(info.lr); },
    });
    // One full-batch SGD step with lr 1 moved the parameters by the clipped gradient: norm ≤ 1e-3.
    let sq = 0;
    m.parameters().forEach((p, i) => {
      p.data.forEach((v, j) => {
        sq += (v - before[i]![j]!) ** 2;
      });
    });
    expect(Math.sqrt(sq)).toBeLessThanOrEqual(1e-3 + 1e-12);
    expect(Math.sqrt(sq)).toBeGreaterThan(0.99e-3);
    const h = fit(new MLP([4, 3], { seed: 1 }), XTrain, yTrain, {
      optimizer: 'sgd', lr: 0.1, epochs: 4, seed: 1, scheduler: (opt) => new StepLR(opt as never, { stepSize: 1, gamma: 0.5 }),
      onEpoch: (info: EpochInfo) => { lrs.push(info.lr); },
    });
    expect(lrs.slice(1)).toEqual([0.1, 0.05, 0.025, 0.0125]);
    expect(h.epochs).toBe(4);
    expect(() => fit(m, XTrain, yTrain, { clipGradNorm: { maxNorm: 1, normtype: 2 } as never })).toThrow(code('OPTION', "did you mean 'normType'"));
  });

  it('early stopping that never triggers warns; history.converged says whether it did', () => {
    const { XTrain, XTest, yTrain, yTest } = split(loadIris(), 1);
    const warnings: string[] = [];
    const h = fit(new MLP([4, 8, 3], { seed: 0 }), XTrain, yTrain, {
      epochs: 3, lr: 0.01, seed: 1, validationData: [XTest, yTest], earlyStopping: { patience: 50 }, onWarning: (w) => warnings.push(w.message),
    });
    expect(h.converged).toBe(false);
    expect(h.stopReason).toBe('epochs');
    expect(h.warnings.map((w) => w.message)).toEqual(warnings);
    expect(warnings[0]).toMatch(/^fit: valLoss was still improving when training stopped at epochs = 3/);
    const plain = fit(new MLP([4, 3], { seed: 0 }), XTrain, yTrain, { epochs: 2, seed: 1 });
    expect(plain.converged).toBe(false);
    expect(plain.warnings).toEqual([]);
  });
});
