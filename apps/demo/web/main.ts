// The demo page: the article's curve computed in the browser, and a logistic regression trained
// live in a worker with a loss curve that grows epoch by epoch.
import { View, changeset, parse } from 'vega';
import { type TopLevelSpec, compile } from 'vega-lite';
import { computeCurve, curvePoints } from '../src/curveData.js';
import { curveSpec, lossCurveSpec, sigmoidSpec } from '../src/specs.js';
import type { TrainMessage, TrainRequest } from './protocol.js';

const SEED = 42;
const TEST_SIZE = 0.25;

function $(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`page: no #${id}`);
  return el;
}

async function render(el: HTMLElement, spec: TopLevelSpec): Promise<View> {
  const view = new View(parse(compile(spec).spec), { renderer: 'svg', container: el, hover: true });
  await view.runAsync();
  return view;
}

function showError(message: string): void {
  const el = $('error');
  el.textContent = `Error: ${message}`;
  el.hidden = false;
}

// ── the curve ────────────────────────────────────────────────────────────────
async function drawCurve(): Promise<void> {
  const data = computeCurve();
  const curveEl = $('curve');
  const sigmoidEl = $('sigmoid');
  await render(curveEl, curveSpec(curvePoints(data)));
  curveEl.dataset.state = 'ready';
  curveEl.dataset.points = String(data.z.length);
  await render(sigmoidEl, sigmoidSpec(data.z.map((z, i) => ({ z, h: data.h[i] ?? Number.NaN }))));
  sigmoidEl.dataset.state = 'ready';
}

// ── training ─────────────────────────────────────────────────────────────────
const lrInput = $('lr') as HTMLInputElement;
const epochsInput = $('epochs') as HTMLInputElement;
const trainButton = $('train') as HTMLButtonElement;
const progress = $('progress');
const result = $('result');

/** The learning-rate slider is logarithmic: 10^value, rounded to 3 significant digits. */
const learningRate = () => Number((10 ** Number(lrInput.value)).toPrecision(3));
const epochs = () => Number(epochsInput.value);

function showControls(): void {
  $('lr-value').textContent = String(learningRate());
  $('epochs-value').textContent = String(epochs());
}
lrInput.addEventListener('input', showControls);
epochsInput.addEventListener('input', showControls);

// Presets from the query string, e.g. ?lr=0.3&epochs=500&autotrain=1
const query = new URLSearchParams(location.search);
if (query.has('lr')) lrInput.value = String(Math.log10(Number(query.get('lr'))));
if (query.has('epochs')) epochsInput.value = String(query.get('epochs'));
showControls();

let worker: Worker | undefined;
let lossView: View | undefined;

async function train(): Promise<void> {
  worker?.terminate();
  const request: TrainRequest = { lr: learningRate(), epochs: epochs(), seed: SEED, testSize: TEST_SIZE };
  result.hidden = true;
  result.dataset.state = 'training';
  $('error').hidden = true;
  progress.textContent = 'starting…';
  const lossEl = $('loss');
  lossView?.finalize();
  lossEl.replaceChildren();
  const view = await render(lossEl, lossCurveSpec([], { maxEpoch: request.epochs, title: `gradient descent, lr ${request.lr}`, yTitle: 'training objective', live: true }));
  lossView = view;
  lossEl.dataset.points = '0';

  // Rows from the worker queue up here and are drawn once per animation frame, at most
  // 1/60 of the run per frame, so the curve visibly grows even when training is fast.
  const perFrame = Math.max(1, Math.ceil(request.epochs / 60));
  const pending: { epoch: number; loss: number; trainAccuracy: number }[] = [];
  let done: Extract<TrainMessage, { type: 'done' }> | undefined;
  let drawing = false;
  const draw = async () => {
    if (lossView !== view) return; // a newer run replaced this chart
    const rows = pending.splice(0, perFrame);
    if (rows.length > 0) {
      await view.change('history', changeset().insert(rows.map((r) => ({ epoch: r.epoch, loss: r.loss, series: 'training loss' })))).runAsync();
      lossEl.dataset.points = String(Number(lossEl.dataset.points ?? 0) + rows.length);
      const last = rows[rows.length - 1];
      if (last) progress.textContent = `epoch ${last.epoch}/${request.epochs}   loss ${last.loss.toFixed(4)}   train accuracy ${last.trainAccuracy.toFixed(4)}`;
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
  const finish = (m: Extract<TrainMessage, { type: 'done' }>) => {
    $('test-accuracy').textContent = m.testAccuracy.toFixed(4);
    $('test-logloss').textContent = m.testLogLoss.toFixed(4);
    $('test-auc').textContent = m.testRocAuc.toFixed(4);
    $('train-accuracy').textContent = m.trainAccuracy.toFixed(4);
    $('fit-time').textContent = `${m.seconds.toFixed(2)} s`;
    result.dataset.accuracy = String(m.testAccuracy);
    result.dataset.epochs = String(m.epochs);
    result.dataset.state = 'done';
    result.hidden = false;
    progress.textContent += `   — trained in ${m.seconds.toFixed(2)} s`;
  };

  const w = new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module' });
  worker = w;
  w.onmessage = (event: MessageEvent<TrainMessage>) => {
    if (worker !== w) return; // a newer run replaced this one
    const m = event.data;
    if (m.type === 'epoch') {
      pending.push(m);
      schedule();
    } else if (m.type === 'done') {
      done = m;
      w.terminate();
      if (!drawing) finish(m);
    } else {
      result.dataset.state = 'error';
      showError(m.message);
      w.terminate();
    }
  };
  w.onerror = (event) => {
    result.dataset.state = 'error';
    showError(event.message || 'the training worker failed to start');
  };
  w.postMessage(request);
}

trainButton.addEventListener('click', () => {
  train().catch((e: unknown) => showError(e instanceof Error ? e.message : String(e)));
});

drawCurve()
  .then(() => {
    trainButton.disabled = false;
    progress.textContent = 'ready: press Train';
    if (query.get('autotrain') === '1') trainButton.click();
  })
  .catch((e: unknown) => {
    $('curve').dataset.state = 'error';
    showError(e instanceof Error ? e.message : String(e));
  });
