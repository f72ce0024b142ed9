// `predict` — loads a model saved by `train --save` and classifies rows: a CSV file holding the
// model's feature columns (in any order, other columns ignored), or, for a model trained on the
// embedded data, the embedded data. With the target column present it also scores the model.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tensor } from '@entropic/core';
import { accuracy, logLoss } from '@entropic/model';
import { checkFile, classMapping, embeddedDataset, fileProblem } from '../dataset.js';
import { InputError } from '../errors.js';
import { type Table, formatTable } from '../format.js';
import { type LoadedModel, readModelFile } from '../modelFile.js';
import { displayPath } from '../paths.js';
import { type StepContext, type StepResult, logger, numbers } from './types.js';

export interface PredictOptions {
  /** the file written by `train --save` */
  model: string;
  /** rows to classify; default the embedded data for a model trained on it */
  csv?: string;
  delimiter?: string;
}

export interface PredictRows {
  name: string;
  X: Tensor;
  /** the true classes, when the rows have the target column */
  y: Tensor | null;
}

export interface PredictData {
  rows: number;
  /** P(class 1) per row */
  probability: number[];
  /** predicted class index per row */
  predicted: number[];
  /** accuracy and log loss when the rows have the target column */
  accuracy?: number;
  logLoss?: number;
  file: string;
}

/** How many rows the printed table shows (predictions.csv has them all). */
const SHOWN = 10;

async function readRows(loaded: LoadedModel, opts: PredictOptions): Promise<PredictRows> {
  const { file } = loaded;
  if (opts.csv === undefined) {
    const d = embeddedDataset();
    if (file.data !== d.name) throw new InputError(`predict needs --csv <path>: the model was trained on ${file.data}, not on the embedded data`);
    return { name: `${d.name}, every row (training rows included)`, X: d.X, y: d.y };
  }
  checkFile(opts.csv);
  const csv = opts.csv;
  const { readCSV } = await import('@entropic/data/node');
  const common = { columns: file.features, dtype: 'float64' as const, delimiter: opts.delimiter ?? ',' };
  try {
    const d = await readCSV(csv, { ...common, target: file.target, labels: file.classes });
    return { name: displayPath(csv), X: d.X, y: d.y };
  } catch (e) {
    // Rows without the target column are what predict is for; anything else is a real problem.
    if (!(e instanceof Error && /unknown target column/.test(e.message))) throw new InputError(`${displayPath(csv)}: ${fileProblem(e, csv)}`);
  }
  try {
    const d = await readCSV(csv, { ...common, target: null });
    return { name: displayPath(csv), X: d.X, y: null };
  } catch (e) {
    throw new InputError(`${displayPath(csv)}: ${fileProblem(e, csv)}`);
  }
}

/** Loads the model and the rows; every problem with them is an InputError. */
export async function preparePredict(opts: PredictOptions): Promise<{ loaded: LoadedModel; rows: PredictRows }> {
  const loaded = readModelFile(opts.model);
  const rows = await readRows(loaded, opts);
  return { loaded, rows };
}

export async function runPredict(
  ctx: StepContext,
  opts: PredictOptions,
  prepared?: { loaded: LoadedModel; rows: PredictRows },
): Promise<StepResult & { data: PredictData }> {
  const log = logger(ctx);
  const { loaded, rows } = prepared ?? (await preparePredict(opts));
  const { file, model, scaler } = loaded;
  const X = scaler.transform(rows.X);
  const proba = model.predictProba(X);
  const pred = model.predict(X);
  const probability = numbers(proba);
  const predicted = numbers(pred);
  const truth = rows.y === null ? null : numbers(rows.y);
  const c1 = file.classes[1] ?? '1';
  const scores: { accuracy?: number; logLoss?: number } =
    rows.y === null ? {} : { accuracy: accuracy(rows.y, pred), logLoss: logLoss(rows.y, proba) };

  mkdirSync(ctx.outDir, { recursive: true });
  const out = join(ctx.outDir, 'predictions.csv');
  const header = ['row', `probability_${c1}`, 'predicted', ...(truth ? ['true'] : [])];
  const lines = probability.map((p, i) => {
    const cells = [String(i + 1), String(p), file.classes[predicted[i] ?? 0] ?? '', ...(truth ? [file.classes[truth[i] ?? 0] ?? ''] : [])];
    return cells.map(csvCell).join(',');
  });
  writeFileSync(out, `${[header.join(','), ...lines].join('\n')}\n`);

  const table: Table = {
    caption: `Predictions (the first ${Math.min(SHOWN, probability.length)} of ${probability.length} rows)`,
    columns: ['row', `P(${c1})`, 'predicted', ...(truth ? ['true'] : [])],
    rows: probability.slice(0, SHOWN).map((p, i) => [
      i + 1,
      p,
      file.classes[predicted[i] ?? 0] ?? '',
      ...(truth ? [file.classes[truth[i] ?? 0] ?? ''] : []),
    ]),
  };
  log('');
  log(`── predict: the model in ${displayPath(opts.model)} (trained on ${file.data}) ──`);
  log(`${rows.name}: ${rows.X.shape[0]} rows × ${rows.X.shape[1]} features; classes ${classMapping(file.classes)}`);
  log(formatTable(table));
  if (scores.accuracy !== undefined && scores.logLoss !== undefined) {
    log(`accuracy ${scores.accuracy.toFixed(4)}, log loss ${scores.logLoss.toFixed(4)} (the rows hold the target column '${file.target}')`);
  }
  log(`wrote ${displayPath(out)} (every row)`);
  return {
    step: 'predict',
    title: `Predictions of ${displayPath(opts.model)}`,
    summary: `The model saved in ${displayPath(opts.model)} classifies ${rows.X.shape[0]} rows of ${rows.name}: P(${c1}) per row, class ${c1} when it is above ½.`,
    tables: [table],
    figures: [],
    numbers: Object.fromEntries(Object.entries({ rows: probability.length, ...scores }).filter((e): e is [string, number] => e[1] !== undefined)),
    data: { rows: probability.length, probability, predicted, ...scores, file: out },
  };
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
