// Logistic regression on the breast cancer data, trained in a Web Worker while its loss curve
// grows epoch by epoch; the controls are disabled while a run is on.
import type { View } from 'vega';
import { changeset } from 'vega';
import { lossCurveSpec } from '../../src/specs.js';
import type { TrainMessage, TrainRequest } from '../protocol.js';
import { $, fmt, input, plotWidth, render, setDisabled, showError } from '../render.js';

const SEED = 42;
const TEST_SIZE = 0.25;

export function setUpBreastCancer(query: URLSearchParams): { start: () => void } {
  const lrInput = input('lr');
  const epochsInput = input('epochs');
  const controls = $('controls');
  const trainButton = $('train') as HTMLButtonElement;
  const progress = $('progress');
  const result = $('result');

  /** The learning-rate slider is logarithmic: 10^value, rounded to 3 significant digits. */
  const learningRate = () => Number((10 ** Number(lrInput.value)).toPrecision(3));
  const epochs = () => Number(epochsInput.value);
  const showControls = () => {
    $('lr-value').textContent = String(learningRate());
    $('epochs-value').textContent = String(epochs());
  };
  lrInput.addEventListener('input', showControls);
  epochsInput.addEventListener('input', showControls);
  // Presets from the query string, e.g. ?lr=0.3&epochs=500&autotrain=1
  if (query.has('lr')) lrInput.value = String(Math.log10(Number(query.get('lr'))));
  if (query.has('epochs')) epochsInput.value = String(query.get('epochs'));
  showControls();

  let lossView: View | undefined;

  const train = async () => {
    const request: TrainRequest = { lr: learningRate(), epochs: epochs(), seed: SEED, testSize: TEST_SIZE };
    setDisabled(controls, true);
    result.hidden = true;
    result.dataset.state = 'training';
    $('error').hidden = true;
    progress.textContent = 'starting…';
    const lossEl = $('loss');
    lossView?.finalize();
    lossEl.replaceChildren();
    $('loss-title').textContent = `Training objective per epoch: gradient descent, lr ${request.lr}`;
    const view = await render(
      lossEl,
      lossCurveSpec([], { maxEpoch: request.epochs, yTitle: 'training objective', live: true, width: plotWidth(lossEl, 560), height: 260 }),
    );
    lossView = view;
    lossEl.dataset.points = '0';
    const failed = (message: string) => {
      result.dataset.state = 'error';
      showError(message);
      setDisabled(controls, false);
    };

    // Rows from the worker queue up here and are drawn once per animation frame, at most
    // 1/60 of the run per frame, so the curve visibly grows even when training is fast.
    const perFrame = Math.max(1, Math.ceil(request.epochs / 60));
    const pending: { epoch: number; loss: number; trainAccuracy: number }[] = [];
    let done: Extract<TrainMessage, { type: 'done' }> | undefined;
    let drawing = false;
    const finish = (m: Extract<TrainMessage, { type: 'done' }>) => {
      $('test-accuracy').textContent = fmt(m.testAccuracy);
      $('test-logloss').textContent = fmt(m.testLogLoss);
      $('test-auc').textContent = fmt(m.testRocAuc);
      $('train-accuracy').textContent = fmt(m.trainAccuracy);
      $('fit-time').textContent = `${m.seconds.toFixed(2)} s`;
      result.dataset.accuracy = String(m.testAccuracy);
      result.dataset.epochs = String(m.epochs);
      result.dataset.state = 'done';
      result.hidden = false;
      progress.textContent += `   — trained in ${m.seconds.toFixed(2)} s`;
      setDisabled(controls, false);
    };
    const draw = async () => {
      const rows = pending.splice(0, perFrame);
      if (rows.length > 0) {
        await view.change('history', changeset().insert(rows.map((r) => ({ epoch: r.epoch, loss: r.loss, series: 'training objective' })))).runAsync();
        lossEl.dataset.points = String(Number(lossEl.dataset.points ?? 0) + rows.length);
        const last = rows[rows.length - 1];
        if (last) progress.textContent = `epoch ${last.epoch}/${request.epochs}   loss ${fmt(last.loss)}   train accuracy ${fmt(last.trainAccuracy)}`;
      }
      if (pending.length > 0) requestAnimationFrame(() => void draw());
      else {
        drawing = false;
        if (done) finish(done);
      }
    };
    const schedule = () => {
      if (!drawing) {
        drawing = true;
        requestAnimationFrame(() => void draw());
      }
    };

    const w = new Worker(new URL('../train.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (event: MessageEvent<TrainMessage>) => {
      const m = event.data;
      if (m.type === 'epoch') {
        pending.push(m);
        schedule();
      } else if (m.type === 'done') {
        done = m;
        w.terminate();
        if (!drawing) finish(m);
      } else {
        w.terminate();
        failed(m.message);
      }
    };
    w.onerror = (event) => failed(event.message || 'the training worker failed to start');
    w.postMessage(request);
  };

  trainButton.addEventListener('click', () => {
    train().catch((e: unknown) => {
      setDisabled(controls, false);
      showError(e instanceof Error ? e.message : String(e));
    });
  });
  return {
    start: () => {
      trainButton.disabled = false;
      progress.textContent = 'ready: press Train';
      if (query.get('autotrain') === '1') trainButton.click();
    },
  };
}
