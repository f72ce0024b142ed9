// Saving and loading models: a logistic regression and a neural network to JSON files and back,
// with the scaler of the training data, then the loaded models predict exactly as the originals.
import { readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noGrad } from '@entropic/core';
import { StandardScaler, loadBreastCancer, trainTestSplit } from '@entropic/data';
import { LogisticRegression, MLP, fit } from '@entropic/model';

const { X, y } = loadBreastCancer({ dtype: 'float64' });
const split = trainTestSplit(X, y, { testSize: 0.25, seed: 0, stratify: true });
const scaler = new StandardScaler().fit(split.XTrain);
const XTest = scaler.transform(split.XTest);

const model = new LogisticRegression({ solver: 'lbfgs', l2: 1 / 426 }).fit(scaler.transform(split.XTrain), split.yTrain);
const net = new MLP([30, 8, 2], { seed: 0, dtype: 'float64' });
fit(net, scaler.transform(split.XTrain), split.yTrain, { optimizer: 'adam', lr: 0.01, epochs: 20, seed: 0 });

const dir = mkdtempSync(join(tmpdir(), 'entropic-example-'));
const file = join(dir, 'models.json');
writeFileSync(file, JSON.stringify({ scaler: scaler.toJSON(), model: model.toJSON(), net: net.toJSON() }));
console.log('saved', file);

// … later, in another program:
const saved = JSON.parse(readFileSync(file, 'utf8'));
const scaler2 = StandardScaler.fromJSON(saved.scaler);
const model2 = LogisticRegression.fromJSON(saved.model);
const net2 = MLP.fromJSON(saved.net);
const XTest2 = scaler2.transform(split.XTest);

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((v, i) => v === b[i]);
console.log('logistic regression: identical probabilities', same(model.predictProba(XTest).data, model2.predictProba(XTest2).data));
console.log('network: identical outputs', same(noGrad(() => net.forward(XTest)).data, noGrad(() => net2.forward(XTest2)).data));
console.log('loaded test accuracy', model2.score(XTest2, split.yTest));
rmSync(dir, { recursive: true });
