// Trains the logistic regression off the main thread and reports every epoch, so the page's loss
// curve grows while the model learns. It computes on the WebAssembly backend (on worker threads
// of its own when the page is cross-origin isolated), or on the CPU backend when asked for or
// when WebAssembly cannot load, and says which ran before the first epoch.
import { loadBreastCancer } from '@entropic/data';
import { type BackendChoice, type BackendInfo, backendLabel, installBackend } from '../src/computeBackend.js';
import { fitLogistic, testMetrics } from '../src/logistic.js';
import { prepareSplit } from '../src/prepare.js';
import type { TrainMessage, TrainRequest } from './protocol.js';

/**
 * The demo's products are small (426 × 31), so threads beyond a few would only wait; their
 * worker threads need SharedArrayBuffer, which browsers give only to cross-origin isolated pages.
 */
const MAX_THREADS = 4;

const post = (m: TrainMessage) => (self as unknown as { postMessage(m: TrainMessage): void }).postMessage(m);
const data = loadBreastCancer();
let installed: { choice: BackendChoice; info: Promise<BackendInfo> } | undefined;

function useBackend(choice: BackendChoice): Promise<BackendInfo> {
  if (installed?.choice !== choice) {
    const cores = Math.max(1, Math.min(navigator.hardwareConcurrency || 1, MAX_THREADS));
    const info = installBackend(choice, {
      threads: self.crossOriginIsolated ? cores : 1,
      chosenBy: '?backend=cpu',
      onFallback: (what, e) => console.warn(`${what}:`, e),
    }).then((b) => b.info);
    installed = { choice, info };
  }
  return installed.info;
}

self.onmessage = async (event: MessageEvent<TrainRequest>) => {
  const { lr, epochs, seed, testSize, backend } = event.data;
  try {
    const info = await useBackend(backend);
    post({ type: 'backend', info, label: backendLabel(info) });
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
