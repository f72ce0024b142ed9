// See it train: a logistic regression on 2-D toy data, trained in the tab by gradient descent
// on MSE or on cross-entropy, the decision boundary redrawn every frame, and each run's
// training accuracy per epoch kept for comparison.
import type { View } from 'vega';
import { changeset } from 'vega';
import { toyRunsSpec } from '../../src/specs.js';
import { TOY_LOSS_NAMES, type ToyData, type ToyEpoch, type ToyLoss, type ToyStart, ToyTrainer, makeToyData, toyGrid } from '../../src/toy.js';
import { $, fmt, input, plotWidth, render, setDisabled } from '../render.js';

const START_NAMES: Record<ToyStart, string> = { wrong: 'confidently wrong', zero: 'zero' };
/** The runs table is narrow on a phone: short names there. */
const START_SHORT: Record<ToyStart, string> = { wrong: 'wrong', zero: 'zero' };
const GRID_CELLS = 60;
/** Class colours: 0 blue, 1 red (the charts' palette). */
const COLOURS = [
  [31, 119, 180],
  [214, 39, 40],
] as const;

interface Frame {
  min: number;
  max: number;
}

function frameOf(data: ToyData): Frame {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const p of data.points) {
    lo = Math.min(lo, p.x1, p.x2);
    hi = Math.max(hi, p.x1, p.x2);
  }
  return { min: Math.floor((lo - 0.3) * 2) / 2, max: Math.ceil((hi + 0.3) * 2) / 2 };
}

/** The grid's tint, one pixel per grid cell. */
const shade = document.createElement('canvas');
shade.width = GRID_CELLS;
shade.height = GRID_CELLS;

/** Draws P(class 1) as a tint, the boundary P = ½ as a line, and the points. */
function draw(canvas: HTMLCanvasElement, data: ToyData, frame: Frame, probabilities: number[], weights: { w1: number; w2: number; b: number }): void {
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  const size = canvas.width;
  const span = frame.max - frame.min;
  const px = (x: number) => ((x - frame.min) / span) * size;
  const py = (y: number) => ((frame.max - y) / span) * size;
  // P(class 1) on the grid as a small image, tinted towards the likelier class's colour over
  // white, then scaled up smoothly to the canvas.
  const tint = new ImageData(GRID_CELLS, GRID_CELLS);
  for (let i = 0; i < GRID_CELLS * GRID_CELLS; i++) {
    const p = probabilities[i] ?? 0.5;
    const colour = COLOURS[p > 0.5 ? 1 : 0];
    const a = Math.abs(2 * p - 1) * 0.42;
    for (let k = 0; k < 3; k++) tint.data[4 * i + k] = Math.round(255 * (1 - a) + (colour[k] ?? 255) * a);
    tint.data[4 * i + 3] = 255;
  }
  shade.getContext('2d')?.putImageData(tint, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(shade, 0, 0, size, size);
  // The boundary w1·x + w2·y + b = 0, drawn across the frame.
  const { w1, w2, b } = weights;
  if (Math.hypot(w1, w2) > 1e-9) {
    ctx.strokeStyle = '#111';
    ctx.lineWidth = Math.max(2, size / 200);
    ctx.beginPath();
    if (Math.abs(w2) > Math.abs(w1)) {
      ctx.moveTo(px(frame.min), py(-(w1 * frame.min + b) / w2));
      ctx.lineTo(px(frame.max), py(-(w1 * frame.max + b) / w2));
    } else {
      ctx.moveTo(px(-(w2 * frame.min + b) / w1), py(frame.min));
      ctx.lineTo(px(-(w2 * frame.max + b) / w1), py(frame.max));
    }
    ctx.stroke();
  }
  const radius = Math.max(3, size / 110);
  for (const p of data.points) {
    const [red, green, blue] = COLOURS[p.y === 1 ? 1 : 0];
    const wrong = (w1 * p.x1 + w2 * p.x2 + b > 0) !== (p.y === 1);
    ctx.beginPath();
    ctx.arc(px(p.x1), py(p.x2), radius, 0, 2 * Math.PI);
    ctx.fillStyle = `rgb(${red},${green},${blue})`;
    ctx.fill();
    ctx.lineWidth = wrong ? radius * 0.55 : radius * 0.3;
    ctx.strokeStyle = wrong ? '#111' : 'white';
    ctx.stroke();
  }
}

function selected(name: string): string {
  const el = document.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`);
  if (el === null) throw new Error(`page: nothing selected for ${name}`);
  return el.value;
}

export async function setUpToy(): Promise<void> {
  const data = makeToyData();
  const frame = frameOf(data);
  const grid = toyGrid(frame, GRID_CELLS);
  const canvas = $('toy-canvas') as HTMLCanvasElement;
  const controls = $('toy-controls');
  const trainButton = $('toy-train') as HTMLButtonElement;
  const clearButton = $('toy-clear') as HTMLButtonElement;
  const lr = input('toy-lr');
  const epochs = input('toy-epochs');
  const progress = $('toy-progress');
  const runs = $('toy-runs').querySelector('tbody');
  if (runs === null) throw new Error('page: no tbody in #toy-runs');

  const sizeCanvas = () => {
    const css = Math.round(canvas.getBoundingClientRect().width) || 420;
    const size = Math.round(css * Math.min(2, window.devicePixelRatio || 1));
    if (canvas.width !== size) {
      canvas.width = size;
      canvas.height = size;
    }
  };
  const options = () => ({
    loss: selected('toy-loss') as ToyLoss,
    start: selected('toy-start') as ToyStart,
    lr: Number(lr.value),
    epochs: Number(epochs.value),
  });
  const show = (t: ToyTrainer, state: ToyEpoch) => {
    sizeCanvas();
    const w = t.weights();
    draw(canvas, data, frame, t.probabilities(grid), w);
    canvas.dataset.epoch = String(state.epoch);
    canvas.dataset.accuracy = String(state.accuracy);
    canvas.dataset.w = JSON.stringify(w);
  };
  const showOptions = () => {
    $('toy-lr-value').textContent = lr.value;
    $('toy-epochs-value').textContent = epochs.value;
  };
  lr.addEventListener('input', showOptions);
  epochs.addEventListener('input', showOptions);
  showOptions();
  epochs.addEventListener('change', () => void fitAxis());

  const chartEl = $('toy-chart');
  const chart: View = await render(chartEl, toyRunsSpec([], { title: '', maxEpoch: Number(epochs.value), width: plotWidth(chartEl, 560, 80) }));
  /** the epochs of each run on the chart, by line */
  const shown = new Map<string, number>();
  const fitAxis = async () => {
    chart.signal('maxEpoch', Math.max(Number(epochs.value), ...shown.values()));
    await chart.runAsync();
  };
  // The starting picture: the boundary the selected start would begin from.
  const preview = () => {
    const t = new ToyTrainer(data, { ...options() });
    show(t, t.measure());
  };
  for (const el of controls.querySelectorAll('input[type="radio"]')) el.addEventListener('change', preview);
  preview();
  canvas.dataset.state = 'ready';

  const train = async () => {
    const o = options();
    const lossName = TOY_LOSS_NAMES[o.loss];
    const startName = START_NAMES[o.start];
    const trainer = new ToyTrainer(data, o);
    setDisabled(controls, true);
    canvas.dataset.state = 'training';
    // One line per (loss, start): a new run replaces the previous one of its kind.
    shown.set(`${lossName}/${startName}`, o.epochs);
    await fitAxis();
    const first = trainer.measure();
    await chart
      .change('runs', changeset().remove((d: { loss: string; start: string }) => d.loss === lossName && d.start === startName).insert([{ ...first, loss: lossName, start: startName }]))
      .runAsync();
    let reached: number | undefined = first.accuracy >= 0.9 ? 0 : undefined;
    let last = first;
    show(trainer, first);
    // About 150 frames per run: slow enough to watch, whatever the number of epochs.
    const perFrame = Math.max(1, Math.round(o.epochs / 150));
    await new Promise<void>((resolve) => {
      const frameStep = () => {
        const points: ToyEpoch[] = [];
        for (let k = 0; k < perFrame && trainer.epoch < o.epochs; k++) {
          last = trainer.step();
          points.push(last);
          if (reached === undefined && last.accuracy >= 0.9) reached = last.epoch;
        }
        show(trainer, last);
        progress.textContent = `${lossName}, ${startName} start: epoch ${last.epoch}/${o.epochs}   loss ${fmt(last.loss)}   accuracy ${fmt(last.accuracy, 3)}`;
        void chart.change('runs', changeset().insert(points.map((p) => ({ ...p, loss: lossName, start: startName })))).runAsync();
        if (trainer.epoch < o.epochs) requestAnimationFrame(frameStep);
        else resolve();
      };
      requestAnimationFrame(frameStep);
    });
    const tr = document.createElement('tr');
    tr.dataset.loss = o.loss;
    tr.dataset.start = o.start;
    tr.dataset.epochsTo90 = reached === undefined ? '' : String(reached);
    tr.dataset.accuracy = String(last.accuracy);
    for (const [text, numeric] of [
      [lossName, false],
      [START_SHORT[o.start], false],
      [String(o.lr), true],
      [reached === undefined ? `not in ${o.epochs}` : String(reached), true],
      [fmt(last.accuracy, 3), true],
      [fmt(last.loss), true],
    ] as const) {
      const td = document.createElement('td');
      td.textContent = text;
      if (numeric) td.className = 'num';
      tr.append(td);
    }
    runs.prepend(tr);
    progress.textContent += reached === undefined ? '   — never reached 90%' : `   — 90% accuracy after ${reached} epoch${reached === 1 ? '' : 's'}`;
    canvas.dataset.state = 'done';
    setDisabled(controls, false);
  };

  trainButton.addEventListener('click', () => {
    train().catch((e: unknown) => {
      canvas.dataset.state = 'error';
      setDisabled(controls, false);
      progress.textContent = `Error: ${e instanceof Error ? e.message : String(e)}`;
    });
  });
  clearButton.addEventListener('click', () => {
    void chart.change('runs', changeset().remove(() => true)).runAsync();
    shown.clear();
    void fitAxis();
    runs.replaceChildren();
    preview();
  });
  trainButton.disabled = false;
  clearButton.disabled = false;
  progress.textContent = 'ready: choose a loss and a start, then press Train';
}
