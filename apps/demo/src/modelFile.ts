// `train --save model.json` and `predict --model model.json` (node-only): the fitted model with
// the scaler of its training rows and the names it needs to read new rows, as one JSON file.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { StandardScaler, type StandardScalerJSON } from '@entropic/data';
import { LogisticRegression, type SavedModule } from '@entropic/model';
import { InputError, firstLine } from './errors.js';
import { displayPath } from './paths.js';

export const MODEL_FILE_FORMAT = 'entropic-demo-classifier';

export interface ModelFile {
  format: typeof MODEL_FILE_FORMAT;
  version: 1;
  /** the data it was trained on: the embedded data set's name or the CSV's path */
  data: string;
  /** the target column */
  target: string;
  /** the feature columns, in the model's order */
  features: string[];
  /** class names in index order: classes[1] is the class whose probability the model gives */
  classes: string[];
  scaler: StandardScalerJSON;
  model: SavedModule;
}

export interface LoadedModel {
  file: ModelFile;
  model: LogisticRegression;
  scaler: StandardScaler;
}

/** Refuses a `--save` path that cannot be written, before any training. */
export function checkSavePath(path: string): void {
  if (existsSync(path) && statSync(path).isDirectory()) throw new InputError(`--save: ${displayPath(path)} is a folder; name a file, e.g. model.json`);
  const dir = dirname(path);
  if (!existsSync(dir)) throw new InputError(`--save: no such folder: ${displayPath(dir)}`);
  if (!statSync(dir).isDirectory()) throw new InputError(`--save: not a folder: ${displayPath(dir)}`);
}

export function writeModelFile(path: string, file: Omit<ModelFile, 'format' | 'version'>): void {
  const full: ModelFile = { format: MODEL_FILE_FORMAT, version: 1, ...file };
  try {
    writeFileSync(path, `${JSON.stringify(full)}\n`);
  } catch (e) {
    throw new InputError(`--save: cannot write ${displayPath(path)}: ${firstLine(e).replace(/^[A-Z]+: /, '')}`);
  }
}

/** Reads a file written by `--save`; every problem is an InputError naming the file. */
export function readModelFile(path: string): LoadedModel {
  const shown = displayPath(path);
  if (!existsSync(path)) throw new InputError(`no such file: ${shown}`);
  if (!statSync(path).isFile()) throw new InputError(`--model: not a file: ${shown}`);
  let o: unknown;
  try {
    o = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InputError(`${shown}: not a JSON file (${firstLine(e)})`);
  }
  const f = o as Partial<ModelFile> | null;
  if (typeof f !== 'object' || f === null || f.format !== MODEL_FILE_FORMAT) {
    throw new InputError(`${shown}: not a model saved by 'pnpm demo train --save'`);
  }
  if (f.version !== 1) throw new InputError(`${shown}: saved by another version of the demo (file version ${String(f.version)}, this one reads 1)`);
  const strings = (a: unknown): a is string[] => Array.isArray(a) && a.every((s) => typeof s === 'string');
  if (typeof f.data !== 'string' || typeof f.target !== 'string' || !strings(f.features) || !strings(f.classes) || f.classes.length !== 2) {
    throw new InputError(`${shown}: the file is incomplete (data, target, features and two classes are needed)`);
  }
  let model: LogisticRegression;
  let scaler: StandardScaler;
  try {
    model = LogisticRegression.fromJSON(f.model as SavedModule);
    scaler = StandardScaler.fromJSON(f.scaler as StandardScalerJSON);
  } catch (e) {
    throw new InputError(`${shown}: ${firstLine(e).replace(/^[A-Za-z.]+: /, '')}`);
  }
  if (model.coef.shape[0] !== f.features.length || scaler.mean?.size !== f.features.length) {
    throw new InputError(`${shown}: the model has ${model.coef.shape[0]} coefficients for ${f.features.length} features`);
  }
  return { file: f as ModelFile, model, scaler };
}
