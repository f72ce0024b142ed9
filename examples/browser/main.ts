// The same code as in Node: the packages have no Node built-ins (CSV files are read by the
// node-only '@entropic/data/node'; the bundled data sets need nothing).
import { StandardScaler, loadBreastCancer, trainTestSplit } from '@entropic/data';
import { LogisticRegression, rocAuc } from '@entropic/model';

const output = document.getElementById('output') as HTMLPreElement;
const button = document.getElementById('train') as HTMLButtonElement;

button.addEventListener('click', () => {
  button.disabled = true;
  output.dataset.state = 'training';
  const lines: string[] = [];
  const { X, y } = loadBreastCancer();
  const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, y, { testSize: 0.25, seed: 0, stratify: true });
  const scaler = new StandardScaler().fit(XTrain);
  const model = new LogisticRegression({ solver: 'gd', lr: 0.5, maxIter: 500 });
  const t0 = performance.now();
  model.fit(scaler.transform(XTrain), yTrain, {
    onEpoch: ({ epoch, loss }) => {
      if ((epoch + 1) % 100 === 0) lines.push(`iteration ${epoch + 1}  loss ${loss.toFixed(4)}`);
    },
  });
  const accuracy = model.score(scaler.transform(XTest), yTest);
  const auc = rocAuc(yTest, model.predictProba(scaler.transform(XTest)));
  lines.push(`test accuracy ${accuracy.toFixed(4)}`, `test ROC AUC ${auc.toFixed(4)}`, `trained in ${(performance.now() - t0).toFixed(0)} ms`);
  output.textContent = lines.join('\n');
  output.dataset.accuracy = String(accuracy);
  output.dataset.state = 'done';
  button.disabled = false;
});
