// Trains the logistic regression off the main thread and reports every epoch, so the page's loss
// curve grows while the model learns.
import { loadBreastCancer } from '@entropic/data';
import { fitLogistic, testMetrics } from '../src/logistic.js';
import { prepareSplit } from '../src/prepare.js';
import type { TrainMessage, TrainRequest } from './protocol.js';

const post = (m: TrainMessage) => (self as unknown as { postMessage(m: TrainMessage): void }).postMessage(m);
const data = loadBreastCancer();

self.onmessage = (event: MessageEvent<TrainRequest>) => {
  const { lr, epochs, seed, testSize } = event.data;
  try {
    const split = prepareSplit(data.X, data.y, { testSize, seed });
    const t0 = performance.now();
    // The CLI's default penalty: λ = 1/n_train, scikit-learn's C = 1.
    const l2 = 1 / (split.XTrain.shape[0] ?? 1);
    const model = fitLogistic(split, { solver: 'gd', lr, epochs, l2, seed }, (epoch, loss, trainAccuracy) =>
      post({ type: 'epoch', epoch, loss, trainAccuracy }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const m = testMetrics(model, split);
    post({
      type: 'done',
      epochs: model.history.length,
      seconds,
      trainAccuracy: m.trainAccuracy,
      testAccuracy: m.testAccuracy,
      testLogLoss: m.testLogLoss,
      testRocAuc: m.testRocAuc,
    });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
