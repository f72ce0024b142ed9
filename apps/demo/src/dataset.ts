// The training data of the CLI (node-only): the embedded breast cancer data or a user's CSV file
// with a two-class target, read by @entropic/data's readCSV. Every problem with the file becomes
// an InputError whose message names the file once and speaks of the CLI's options.
import { existsSync, statSync } from 'node:fs';
import type { Tensor } from '@entropic/core';
import { loadBreastCancer } from '@entropic/data';
import { InputError, firstLine } from './errors.js';
import { displayPath } from './paths.js';

export interface Dataset {
  name: string;
  X: Tensor;
  /** class indices 0/1 */
  y: Tensor;
  featureNames: string[];
  /** the target column's name ('diagnosis' for the embedded data) */
  targetName: string;
  /** the class names in index order: classNames[0] → 0, classNames[1] → 1 */
  classNames: string[];
  /** true for the embedded breast cancer data */
  embedded: boolean;
}

export const EMBEDDED_NAME = 'Wisconsin breast cancer (embedded)';

export function embeddedDataset(): Dataset {
  const d = loadBreastCancer();
  return {
    name: EMBEDDED_NAME,
    X: d.X,
    y: d.y,
    featureNames: [...d.featureNames],
    targetName: 'diagnosis',
    classNames: [...d.targetNames],
    embedded: true,
  };
}

/** `--delimiter`: one character; `tab` or `\t` for a tab. */
export function parseDelimiter(text: string): string {
  const d = text === 'tab' || text === '\\t' ? '\t' : text;
  if ([...d].length !== 1 || /["\r\n]/.test(d)) {
    throw new InputError(`--delimiter must be one character (or 'tab'), not a quote or a line break, got '${text}'`);
  }
  return d;
}

/**
 * A library error about the user's file, made fit for one CLI line: the function-name prefix,
 * the file path (the caller names the file once) and any advice about library options go.
 */
export function fileProblem(e: unknown, path: string): string {
  let m = firstLine(e).replace(/^[A-Za-z.]+: /, '');
  for (const p of new Set([path, displayPath(path)])) m = m.split(` of ${p}`).join('').split(p).join(displayPath(path));
  m = m.replace(/ \(targetDtype '[^']*'\)/g, '').replace(/; (pass|use) \{[^}]*\}.*$/, '');
  return m;
}

export function checkFile(path: string, what = '--csv'): void {
  if (!existsSync(path)) throw new InputError(`no such file: ${displayPath(path)}`);
  if (!statSync(path).isFile()) throw new InputError(`${what}: not a file: ${displayPath(path)}`);
}

/**
 * The CSV as a two-class data set. `target` is a column name or, when no column has that name,
 * a 0-based column number (negative counts from the end). The target may hold any two values:
 * numbers are ordered numerically, text labels alphabetically, and the first becomes class 0
 * (0/1 stay 0/1; B/M become 0/1).
 */
export async function loadCsvDataset(csv: string, target: string, delimiter = ','): Promise<Dataset> {
  checkFile(csv);
  const { readCSV } = await import('@entropic/data/node');
  const read = async (ref: string | number, labels: 'auto' | readonly string[]) => {
    try {
      return await readCSV(csv, { target: ref, dtype: 'float64', labels, delimiter });
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  };
  let ref: string | number = target;
  let d = await read(ref, 'auto');
  if (d instanceof Error && /^-?\d+$/.test(target.trim()) && /unknown target column/.test(d.message)) {
    ref = Number(target);
    d = await read(ref, 'auto');
  }
  if (d instanceof Error) {
    // One column whose name holds another common delimiter: the file is probably not comma-separated.
    const one = /available columns: 0: "([^"]*)"$/.exec(d.message)?.[1];
    const other = one === undefined ? undefined : [';', '\t', '|'].find((c) => c !== delimiter && one.includes(c));
    const hint = other === undefined ? '' : ` (is the delimiter ${other === '\t' ? 'a tab? use --delimiter tab' : `'${other}'? use --delimiter '${other}'`})`;
    throw new InputError(`${displayPath(csv)}: ${fileProblem(d, csv)}${hint}`);
  }
  const found = d.targetNames ?? [];
  if (found.length !== 2) {
    throw new InputError(
      `${displayPath(csv)}: the target column '${d.targetName}' must hold two classes, found ${found.length}: ${found.slice(0, 5).join(', ')}${found.length > 5 ? ', …' : ''}`,
    );
  }
  // Numeric labels in numeric order ('10' after '9'): read again with the order given.
  const [a = '', b = ''] = found;
  if (isNumeric(a) && isNumeric(b) && Number(a) > Number(b)) {
    d = await read(ref, [b, a]);
    if (d instanceof Error) throw new InputError(`${displayPath(csv)}: ${fileProblem(d, csv)}`);
  }
  return {
    name: displayPath(csv),
    X: d.X,
    y: d.y,
    featureNames: [...d.featureNames],
    targetName: d.targetName,
    classNames: [...(d.targetNames ?? [])],
    embedded: false,
  };
}

function isNumeric(s: string): boolean {
  return s.trim() !== '' && Number.isFinite(Number(s));
}

/** "malignant → 0, benign → 1" */
export function classMapping(classNames: readonly string[]): string {
  return classNames.map((c, i) => `${c} → ${i}`).join(', ');
}
