// The README's example, run as written (with its console output replaced by assertions).
import { describe, expect, it } from 'vitest';
import { StandardScaler, loadBreastCancer, trainTestSplit } from '@entropic/data';
import { LogisticRegression, MLP, fit, rocAuc } from '../src/index.js';

describe('README example', () => {
  it('runs and gives sensible numbers', () => {
    const { X, y } = loadBreastCancer();
    const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, y, { testSize: 0.25, seed: 0, stratify: true });
    const scaler = new StandardScaler().fit(XTrain);

    const printed: number[] = [];
    const model = new LogisticRegression({ solver: 'gd', lr: 0.5, maxIter: 2000 });
    model.fit(scaler.transform(XTrain), yTrain, {
      onEpoch: ({ epoch, loss }) => { if (epoch % 500 === 0) printed.push(loss); },
    });
    expect(printed).toHaveLength(4);
    expect(printed[0]).toBeCloseTo(Math.log(2), 12);
    expect(model.score(scaler.transform(XTest), yTest)).toBeGreaterThan(0.95);
    expect(rocAuc(yTest, model.predictProba(scaler.transform(XTest)))).toBeGreaterThan(0.97);
    expect(model.converged).toBe(false);
    expect(model.warnings[0]!.message).toMatch(/did not converge: stopped at maxIter = 2000/);

    const sk = new LogisticRegression({ l2: 1 / (1 * XTrain.shape[0]!), solver: 'newton-cg' }).fit(scaler.transform(XTrain), yTrain);
    expect(sk.converged).toBe(true);
    expect(sk.nIter).toBeLessThan(20);
    expect(sk.coef.shape).toEqual([30]);

    const net = new MLP([30, 16, 1], { seed: 0 });
    const history = fit(net, scaler.transform(XTrain), yTrain, {
      optimizer: 'adam', lr: 0.005, epochs: 300, batchSize: 32, seed: 1,
      validationData: [scaler.transform(XTest), yTest], earlyStopping: { patience: 10 },
    });
    expect(history.stoppedEarly).toBe(true);
    expect(history.valAccuracy[history.bestEpoch!]).toBeGreaterThan(0.95);
    expect(net.predict(scaler.transform(XTest)).shape).toEqual([yTest.shape[0]]);

    const text = JSON.stringify(model);
    const same = LogisticRegression.fromJSON(text);
    expect(Array.from(same.predict(scaler.transform(XTest)).data)).toEqual(Array.from(model.predict(scaler.transform(XTest)).data));
    const netBack = MLP.fromJSON(JSON.stringify(net));
    expect(Array.from(netBack.predict(scaler.transform(XTest)).data)).toEqual(Array.from(net.predict(scaler.transform(XTest)).data));
  });
});
