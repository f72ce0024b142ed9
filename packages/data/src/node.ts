/// <reference types="node" />
/**
 * @entropic/data/node — the node-only entry: reading CSV files from disk (`readCSV`) and
 * streaming files larger than memory in batches (`streamCSV`). It re-exports the whole
 * browser-safe main entry, so node code can import everything from here.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type Readable, pipeline } from 'node:stream';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { EntropicError, describeValue, opt } from '@entropic/core';
import { type CSVOptions, type ColumnRef, RowReader, parseTable, resolveCSVOptions } from './csv-table.js';
import {
  type Dataset,
  type LabeledCSVOptions,
  type UnlabeledCSVOptions,
  type UnlabeledDataset,
  tableToDataset,
} from './csv.js';
import { wrap } from './tensors.js';

export * from './index.js';

function label(path: string | URL): string {
  return path instanceof URL ? (path.protocol === 'file:' ? fileURLToPath(path) : path.href) : path;
}

function checkPath(fn: string, path: unknown): string | URL {
  if (typeof path === 'string' ? path.length === 0 : !(path instanceof URL)) {
    throw new EntropicError('TYPE', fn, `expected a file path (a non-empty string or a file: URL), got ${describeValue(path)}`);
  }
  return path as string | URL;
}

/**
 * Reads a CSV file (UTF-8) into tensors; the options and the result are `parseCSV`'s.
 * Errors name the file and the line: `readCSV: line 14 of data.csv, column "mean radius": expected a number, got "abc"`.
 */
export async function readCSV(path: string | URL, opts: UnlabeledCSVOptions): Promise<UnlabeledDataset>;
export async function readCSV(path: string | URL, opts?: LabeledCSVOptions): Promise<Dataset>;
export async function readCSV(path: string | URL, opts?: CSVOptions): Promise<Dataset | UnlabeledDataset>;
export async function readCSV(path: string | URL, opts?: CSVOptions): Promise<Dataset | UnlabeledDataset> {
  const fn = 'readCSV';
  checkPath(fn, path);
  resolveCSVOptions(fn, opts); // option errors before any I/O
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new EntropicError('VALUE', fn, `cannot read ${label(path)}: ${(e as Error).message}`, { cause: e });
  }
  return tableToDataset(parseTable(fn, text, opts, label(path)));
}

/** Options of {@link streamCSV}: those of a CSV file, and the batch size. */
export interface StreamCSVOptions extends CSVOptions {
  /** Rows per batch (default 1024); the last batch holds the rest. */
  batchSize?: number;
  /** `labels: 'auto'` needs the whole file: give the labels as an array instead. */
  labels?: readonly string[];
}

/**
 * Streams a CSV file (or a readable stream of CSV text) in batches of `batchSize` rows,
 * without holding the file in memory: an async iterable of `{ X, y, featureNames, … }`
 * batches shaped as `parseCSV`'s result (`X` `[b, d]`). The options are `parseCSV`'s plus
 * `batchSize`; `labels` must list the labels (no `'auto'`). Breaking out of the loop closes
 * the file.
 *
 * ```ts
 * for await (const { X, y } of streamCSV('big.csv', { batchSize: 4096, target: 'label' })) {
 *   // X: float32 [≤4096, d], y: int32 [≤4096]
 * }
 * ```
 */
export function streamCSV(
  source: string | URL | Readable,
  opts: StreamCSVOptions & { target: null },
): AsyncGenerator<UnlabeledDataset, void, undefined>;
export function streamCSV(
  source: string | URL | Readable,
  opts?: StreamCSVOptions & { target?: ColumnRef },
): AsyncGenerator<Dataset, void, undefined>;
export function streamCSV(
  source: string | URL | Readable,
  opts?: StreamCSVOptions,
): AsyncGenerator<Dataset | UnlabeledDataset, void, undefined>;
export function streamCSV(
  source: string | URL | Readable,
  opts: StreamCSVOptions = {},
): AsyncGenerator<Dataset | UnlabeledDataset, void, undefined> {
  const fn = 'streamCSV';
  const resolved = resolveCSVOptions(fn, opts, { batchSize: opt.number({ integer: true, min: 1, default: 1024 }) });
  const { batchSize } = resolved;
  if ((resolved.labels as unknown) === 'auto') {
    throw new EntropicError('OPTION', fn, "labels: 'auto' needs the whole file; list the labels instead (labels: ['a', 'b', …])");
  }
  const isStream =
    typeof source === 'object' && source !== null && !(source instanceof URL) && typeof source.pipe === 'function';
  if (!isStream) checkPath(fn, source);
  const where = isStream ? '' : label(source as string | URL);
  return generate(fn, source, isStream, where, resolved, batchSize);
}

async function* generate(
  fn: string,
  source: string | URL | Readable,
  isStream: boolean,
  where: string,
  resolved: ReturnType<typeof resolveCSVOptions>,
  batchSize: number,
): AsyncGenerator<Dataset | UnlabeledDataset, void, undefined> {
  let input: Readable;
  if (isStream) {
    input = source as Readable;
    if (!input.readableObjectMode && input.readableEncoding === null) input.setEncoding('utf8');
  } else {
    input = createReadStream(source as string | URL, { encoding: 'utf8' });
  }
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, {
    delimiter: resolved.delimiter,
    header: false,
    dynamicTyping: false,
    skipEmptyLines: false,
  });
  // Errors of the input (a missing file, …) reach the loop below through `parser`.
  pipeline(input, parser, () => {});
  const reader = new RowReader(fn, resolved, where);
  const labelled = reader.opts.target !== null;
  let d = 0;
  let x: Float64Array | null = null;
  let y: Float64Array | null = null;
  let rows = 0;
  let total = 0;
  const flush = (): Dataset | UnlabeledDataset => {
    const xs = x!.subarray(0, rows * d);
    const X = wrap(resolved.dtype === 'float64' ? xs.slice() : Float32Array.from(xs), [rows, d]);
    let out: Dataset | UnlabeledDataset;
    if (labelled) {
      const ys = y!.subarray(0, rows);
      const t = resolved.targetDtype;
      const yd = t === 'int32' ? Int32Array.from(ys) : t === 'float32' ? Float32Array.from(ys) : ys.slice();
      out = {
        X,
        y: wrap(yd, [rows]),
        featureNames: reader.featureNames,
        targetName: reader.targetName!,
        targetNames: Array.isArray(resolved.labels) ? [...resolved.labels] : null,
      };
    } else {
      out = { X, featureNames: reader.featureNames };
    }
    rows = 0;
    return out;
  };
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      if (!reader.push(fields)) continue;
      if (x === null) {
        d = reader.rowX.length;
        x = new Float64Array(batchSize * d);
        y = new Float64Array(batchSize);
      }
      x.set(reader.rowX, rows * d);
      if (labelled) y![rows] = reader.rowY as number;
      rows++;
      total++;
      if (rows === batchSize) yield flush();
    }
  } catch (e) {
    if (e instanceof EntropicError && e.op === fn) throw e;
    const what = isStream ? 'the input stream' : where;
    throw new EntropicError('VALUE', fn, `cannot read ${what}: ${(e as Error).message}`, { cause: e });
  } finally {
    parser.destroy();
    if (!isStream) input.destroy();
  }
  if (rows > 0) yield flush();
  if (total === 0) throw reader.emptyError();
}
