import { loadBreastCancer, StandardScaler, trainTestSplit } from '@entropic/data';
import { LogisticRegression } from '@entropic/model';

const { X, y } = loadBreastCancer();
const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, y, { testSize: 0.25, seed: 0, stratify: true });
const scaler = new StandardScaler().fit(XTrain);
const model = new LogisticRegression({ solver: 'gd', lr: 0.5, maxIter: 500 });
model.fit(scaler.transform(XTrain), yTrain);
console.log('test accuracy', model.score(scaler.transform(XTest), yTest));
