/** `parseCSV`: CSV text to tensors (browser-safe: the text is already in memory). */
import type { Tensor } from '@entropic/core';
import { type CSVOptions, type ColumnRef, type Table, parseTable } from './csv-table.js';
import { wrap } from './tensors.js';

/** Features and target read from a CSV file or arrays. */
export interface Dataset {
  /** Features, `[n, d]`, dtype `opts.dtype` (float32 unless asked otherwise). */
  X: Tensor;
  /** Target, `[n]`: int32 class indices unless `targetDtype` says otherwise. */
  y: Tensor;
  /** Names of the `d` feature columns, in the order of X's columns. */
  featureNames: string[];
  /** Name of the target column. */
  targetName: string;
  /** Class labels in index order when the target held text labels (`labels` option), else null. */
  targetNames: string[] | null;
}

/** Features only (`target: null`). */
export interface UnlabeledDataset {
  /** Features `[n, d]`. */
  X: Tensor;
  /** Column names of the features, in X's column order. */
  featureNames: string[];
}

/** Options with `target: null`: no target column. */
export type UnlabeledCSVOptions = CSVOptions & {
  /** `null`: every column is a feature. */
  target: null;
};
/** Options with a target column (the default). */
export type LabeledCSVOptions = CSVOptions & {
  /** The target column, by name or index (negative counts from the end); default the last column. */
  target?: ColumnRef;
};

export function tableToDataset(t: Table): Dataset | UnlabeledDataset {
  const X = wrap(t.X, [t.n, t.d]);
  if (t.y === null) return { X, featureNames: t.featureNames };
  return {
    X,
    y: wrap(t.y, [t.n]),
    featureNames: t.featureNames,
    targetName: t.targetName!,
    targetNames: t.targetNames,
  };
}

/**
 * Parses CSV text: a header row (unless `header: false`), numeric feature columns and a
 * target column (default the last). Throws an Error naming the line and column of any cell
 * that is not a number, and for ragged rows, unknown columns and empty input.
 *
 * ```ts
 * const { X, y, featureNames } = parseCSV('a,b,label\n1,2,0\n3,4,1\n');
 * // X: float32 [2, 2], y: int32 [2]
 * ```
 */
export function parseCSV(text: string, opts: UnlabeledCSVOptions): UnlabeledDataset;
export function parseCSV(text: string, opts?: LabeledCSVOptions): Dataset;
export function parseCSV(text: string, opts?: CSVOptions): Dataset | UnlabeledDataset;
export function parseCSV(text: string, opts?: CSVOptions): Dataset | UnlabeledDataset {
  return tableToDataset(parseTable('parseCSV', text, opts));
}
