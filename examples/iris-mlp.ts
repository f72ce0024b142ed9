// A small neural network on the iris flowers: 4 measurements → 16 ReLU units → 3 species,
// trained with the cross-entropy on mini-batches by Adam, then scored on held-out flowers.
import { argmax, noGrad } from '@entropic/core';
import { StandardScaler, loadIris, trainTestSplit } from '@entropic/data';
import { MLP, accuracy, confusionMatrix, fit } from '@entropic/model';

const { X, y, targetNames } = loadIris({ dtype: 'float64' });
const split = trainTestSplit(X, y, { testSize: 0.25, seed: 1, stratify: true });
const scaler = new StandardScaler().fit(split.XTrain);
const [XTrain, XTest] = [scaler.transform(split.XTrain), scaler.transform(split.XTest)];

const net = new MLP([4, 16, 3], { seed: 0, dtype: 'float64' }); // outputs logits
const history = fit(net, XTrain, split.yTrain, {
  loss: 'crossEntropy', optimizer: 'adam', lr: 0.01, epochs: 200, batchSize: 16, seed: 1,
  onEpoch: ({ epoch, loss }) => {
    if ((epoch + 1) % 50 === 0) console.log(`epoch ${epoch + 1}  training loss ${loss.toFixed(4)}`);
  },
});

// The predicted species: the largest of each row's three logits.
const predicted = argmax(noGrad(() => net.forward(XTest)), { axis: 1 });
console.log('test accuracy', accuracy(split.yTest, predicted));
console.log('confusion matrix (rows: true', targetNames.join(', '), ')');
for (const row of confusionMatrix(split.yTest, predicted, { numClasses: 3 })) console.log(row.join('  '));
console.log('first and last training loss', history.loss[0]?.toFixed(4), history.loss.at(-1)?.toFixed(4));
