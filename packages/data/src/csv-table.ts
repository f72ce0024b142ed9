/**
 * The tensor-free core of the CSV readers: option checking, header and column resolution,
 * strict number parsing with errors that name the line and column, and the row accumulators
 * shared by `parseCSV` (one string) and the node-only `readCSV` / `streamCSV`.
 * The CSV syntax itself (delimiters, quoting, line ends) is papaparse's.
 */
import { EntropicError, describeValue } from '@entropic/core';
import Papa from 'papaparse';
import type { CSVOptions, ColumnRef, ResolvedCSVOptions } from './csv-options.js';
import { resolveCSVOptions } from './csv-options.js';

export type { CSVOptions, ColumnRef, DType, FloatDType, ResolvedCSVOptions } from './csv-options.js';
export { resolveCSVOptions } from './csv-options.js';

/**
 * Strict number parsing: decimal numbers (`12`, `-1.5e-3`, `.5`), `NaN`/`nan` and
 * `Infinity`/`inf` (any case, optionally signed); surrounding whitespace is ignored.
 * Returns `undefined` for anything else (including hexadecimal and the empty string).
 */
export function parseNumber(cell: string): number | undefined {
  const s = cell.trim();
  if (s === '') return undefined;
  const c0 = s.charCodeAt(0);
  // Number() also accepts 0x…, 0o…, 0b…: reject them (and keep its decimal grammar).
  if (c0 === 48 && s.length > 1) {
    const c1 = s.charCodeAt(1) | 0x20;
    if (c1 === 0x78 || c1 === 0x6f || c1 === 0x62) return undefined;
  }
  const v = Number(s);
  if (!Number.isNaN(v)) {
    return v;
  }
  switch (s.toLowerCase()) {
    case 'nan':
    case '+nan':
    case '-nan':
      return Number.NaN;
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Number.POSITIVE_INFINITY;
    case '-inf':
    case '-infinity':
      return Number.NEGATIVE_INFINITY;
    default:
      return undefined;
  }
}

const LINE_BREAK = /\r\n|\r|\n/g;

function lineSpan(fields: readonly string[]): number {
  let span = 1;
  for (const f of fields) {
    if (f.includes('\n') || f.includes('\r')) span += f.match(LINE_BREAK)?.length ?? 0;
  }
  return span;
}

/** Quotes-type problems papaparse reports for a row. */
export interface RowProblem {
  message: string;
}

/**
 * Turns papaparse rows into numbers. Feed it every row (`push`), in order; it skips blank
 * lines, reads the header, resolves the columns and keeps the current line number.
 */
export class RowReader {
  /** Line number (1-based) at which the next row starts. */
  line = 1;
  /** Column names of the file (`"0"`, `"1"`, … without a header); null until the first row. */
  names: string[] | null = null;
  featureIdx: number[] = [];
  targetIdx = -1;
  featureNames: string[] = [];
  targetName: string | null = null;
  /** The current row's features, valid after `push` returned true. */
  rowX: Float64Array = new Float64Array(0);
  /** The current row's target: a number, or the label text with `labels: 'auto'`. */
  rowY: number | string = 0;
  /** Line of the last data row read (for the caller's messages). */
  rowLine = 0;
  private labelIndex: Map<string, number> | null = null;
  private readonly headerWord: string;

  /** `source`: the file name, added to line numbers in messages ("line 14 of data.csv"). */
  constructor(
    private readonly fn: string,
    readonly opts: ResolvedCSVOptions,
    private readonly source = '',
  ) {
    this.headerWord = opts.header ? 'the header' : 'the first row';
    if (Array.isArray(opts.labels)) {
      this.labelIndex = new Map(opts.labels.map((l, i) => [l, i]));
    }
  }

  /** The data-row count `push` has accepted so far is kept by the caller; returns true for a data row. */
  push(fields: string[], problems?: readonly RowProblem[]): boolean {
    const line = this.line;
    this.line += lineSpan(fields);
    if (problems !== undefined && problems.length > 0) {
      const what = problems.map((p) => p.message).join('; ');
      throw new EntropicError('FORMAT', this.fn, `${this.at(line)}: malformed CSV: ${what}`);
    }
    if (fields.length === 1 && fields[0]!.trim() === '') return false; // blank line
    if (this.names === null) {
      if (fields.length > 0 && fields[0]!.charCodeAt(0) === 0xfeff) fields[0] = fields[0]!.slice(1);
      this.names = this.opts.header ? fields.slice() : fields.map((_, i) => String(i));
      this.resolveColumns();
      if (this.opts.header) return false;
    }
    this.rowLine = line;
    const nCols = this.names.length;
    if (fields.length !== nCols) {
      throw new EntropicError('FORMAT', this.fn, `${this.at(line)}: expected ${nCols} fields (as in ${this.headerWord}), got ${fields.length} (ragged row)`);
    }
    const x = this.rowX;
    const fi = this.featureIdx;
    for (let j = 0; j < fi.length; j++) {
      const c = fi[j]!;
      const cell = fields[c]!;
      let v = parseNumber(cell);
      if (v === undefined) {
        if (this.opts.missing === 'nan' && cell.trim() === '') v = Number.NaN;
        else throw this.cellError(line, c, cell, 'expected a number');
      }
      x[j] = v;
    }
    if (this.targetIdx >= 0) this.rowY = this.readTarget(line, fields[this.targetIdx]!);
    return true;
  }

  private readTarget(line: number, cell: string): number | string {
    const c = this.targetIdx;
    const labels = this.opts.labels;
    if (labels === 'auto') {
      const s = cell.trim();
      if (s === '') throw this.cellError(line, c, cell, 'expected a class label');
      return s;
    }
    if (labels !== undefined) {
      const k = this.labelIndex!.get(cell.trim());
      if (k === undefined) {
        throw this.cellError(line, c, cell, `expected one of the labels ${labels.map((l) => JSON.stringify(l)).join(', ')}`);
      }
      return k;
    }
    const v = parseNumber(cell);
    if (this.opts.targetDtype === 'int32') {
      if (v === undefined || !Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
        const hint =
          v === undefined
            ? "; pass { labels: 'auto' } for text class labels"
            : "; pass { targetDtype: 'float32' } (or 'float64') for a real-valued target";
        throw this.cellError(line, c, cell, `expected an integer class index (targetDtype 'int32')`, hint);
      }
      return v;
    }
    if (v === undefined) throw this.cellError(line, c, cell, 'expected a number');
    return v;
  }

  private at(line: number): string {
    return this.source === '' ? `line ${line}` : `line ${line} of ${this.source}`;
  }

  columnLabel(c: number): string {
    return this.opts.header ? `column ${JSON.stringify(this.names?.[c] ?? String(c))}` : `column ${c}`;
  }

  private cellError(line: number, c: number, cell: string, expected: string, hint = ''): Error {
    const got = cell.trim() === '' ? `an empty cell${cell === '' ? '' : ` (${describeValue(cell)})`}` : describeValue(cell);
    const quote = /[\r\n]/.test(cell) ? ' (a line break inside the cell: an unclosed quote?)' : '';
    return new EntropicError('FORMAT', this.fn, `${this.at(line)}, ${this.columnLabel(c)}: ${expected}, got ${got}${quote}${hint}`);
  }

  private available(): string {
    const names = this.names!;
    return this.opts.header
      ? names.map((n, i) => `${i}: ${JSON.stringify(n)}`).join(', ')
      : `indices 0 … ${names.length - 1}`;
  }

  private resolve(what: string, ref: ColumnRef): number {
    const names = this.names!;
    if (typeof ref === 'number') {
      const i = ref < 0 ? ref + names.length : ref;
      if (i < 0 || i >= names.length) {
        throw new EntropicError('VALUE', this.fn, `${what} column index ${ref} is out of range: the file has ${names.length} columns (${this.available()})`);
      }
      return i;
    }
    if (!this.opts.header) {
      throw new EntropicError('VALUE', this.fn, `${what} column ${JSON.stringify(ref)} given by name, but header is false: use a column index (${this.available()})`);
    }
    const first = names.indexOf(ref);
    if (first < 0) {
      throw new EntropicError('VALUE', this.fn, `unknown ${what} column ${JSON.stringify(ref)}; available columns: ${this.available()}`);
    }
    if (names.indexOf(ref, first + 1) >= 0) {
      throw new EntropicError('VALUE', this.fn, `${what} column ${JSON.stringify(ref)} is ambiguous: the header names it more than once; use its index (${this.available()})`);
    }
    return first;
  }

  private resolveColumns(): void {
    const names = this.names!;
    const t = this.opts.target;
    this.targetIdx = t === null ? -1 : t === undefined ? names.length - 1 : this.resolve('target', t);
    if (this.opts.columns !== undefined) {
      const seen = new Set<number>();
      for (const ref of this.opts.columns) {
        const i = this.resolve('feature', ref);
        if (i === this.targetIdx) {
          throw new EntropicError('VALUE', this.fn, `columns includes the target ${this.columnLabel(i)}`);
        }
        if (seen.has(i)) throw new EntropicError('VALUE', this.fn, `columns names ${this.columnLabel(i)} twice`);
        seen.add(i);
        this.featureIdx.push(i);
      }
    } else {
      for (let i = 0; i < names.length; i++) if (i !== this.targetIdx) this.featureIdx.push(i);
    }
    if (this.featureIdx.length === 0) {
      throw new EntropicError(
        'VALUE',
        this.fn,
        `no feature columns: ${this.headerWord} has ${names.length} column${names.length === 1 ? '' : 's'}` +
          (this.targetIdx >= 0 ? ` and ${this.columnLabel(this.targetIdx)} is the target` : ''),
      );
    }
    this.featureNames = this.featureIdx.map((i) => names[i]!);
    this.targetName = this.targetIdx >= 0 ? names[this.targetIdx]! : null;
    this.rowX = new Float64Array(this.featureIdx.length);
  }

  /** The error for input that held no rows, or no data rows. */
  emptyError(): Error {
    const where = this.source === '' ? '' : ` (${this.source})`;
    if (this.names === null) return new EntropicError('FORMAT', this.fn, `empty input${where}: no rows (expected ${this.opts.header ? 'a header row and ' : ''}data rows)`);
    return new EntropicError('FORMAT', this.fn, `no data rows after the header${where}`);
  }
}

/** A feature matrix and target vector in typed arrays, before they become tensors. */
export interface Table {
  X: Float32Array | Float64Array;
  /** Rows. */
  n: number;
  /** Feature columns. */
  d: number;
  y: Int32Array | Float32Array | Float64Array | null;
  featureNames: string[];
  targetName: string | null;
  /** Class labels in index order (`labels` option), else null. */
  targetNames: string[] | null;
}

/** Collects rows into growing typed arrays. */
export class TableBuilder {
  n = 0;
  private x = new Float64Array(1024);
  private y: Float64Array = new Float64Array(256);
  private yText: string[] = [];

  constructor(readonly reader: RowReader) {}

  add(): void {
    const r = this.reader;
    const d = r.rowX.length;
    if ((this.n + 1) * d > this.x.length) {
      const bigger = new Float64Array(Math.max(this.x.length * 2, (this.n + 1) * d));
      bigger.set(this.x);
      this.x = bigger;
    }
    this.x.set(r.rowX, this.n * d);
    if (r.targetIdx >= 0) {
      if (typeof r.rowY === 'string') this.yText.push(r.rowY);
      else {
        if (this.n >= this.y.length) {
          const bigger = new Float64Array(this.y.length * 2);
          bigger.set(this.y);
          this.y = bigger;
        }
        this.y[this.n] = r.rowY;
      }
    }
    this.n++;
  }

  finish(): Table {
    const r = this.reader;
    if (this.n === 0) throw r.emptyError();
    const d = r.featureIdx.length;
    const n = this.n;
    const xs = this.x.subarray(0, n * d);
    const X = r.opts.dtype === 'float64' ? xs.slice() : Float32Array.from(xs);
    let y: Table['y'] = null;
    let targetNames: string[] | null = null;
    if (r.targetIdx >= 0) {
      const labels = r.opts.labels;
      if (labels === 'auto') {
        targetNames = [...new Set(this.yText)].sort();
        const index = new Map(targetNames.map((l, i) => [l, i]));
        y = Int32Array.from(this.yText, (l) => index.get(l)!);
      } else {
        if (labels !== undefined) targetNames = [...labels];
        const ys = this.y.subarray(0, n);
        const t = r.opts.targetDtype;
        y = t === 'int32' ? Int32Array.from(ys) : t === 'float32' ? Float32Array.from(ys) : ys.slice();
      }
    }
    return { X, n, d, y, featureNames: r.featureNames, targetName: r.targetName, targetNames };
  }
}

/** Parses CSV text into typed arrays (`fn` names the public function in error messages). */
export function parseTable(fn: string, text: string, opts?: CSVOptions, source = ''): Table {
  if (typeof text !== 'string') {
    throw new EntropicError('TYPE', fn, `expected the CSV text as a string, got ${describeValue(text)}`);
  }
  const resolved = resolveCSVOptions(fn, opts);
  const reader = new RowReader(fn, resolved, source);
  const builder = new TableBuilder(reader);
  Papa.parse<string[]>(text, {
    delimiter: resolved.delimiter,
    header: false,
    dynamicTyping: false,
    skipEmptyLines: false,
    step(results) {
      if (reader.push(results.data, results.errors)) builder.add();
    },
  });
  return builder.finish();
}
