/** Loads the shared reference vectors (../shared/conformance beside the repo); copied from core's tests. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Tensor, tensor } from '@entropic/core';

export interface JsonTensor {
  shape: number[];
  data: (number | string)[];
  dtype?: 'int32';
}

const here = dirname(fileURLToPath(import.meta.url));

/** The conformance folder: $ENTROPIC_CONFORMANCE, or shared/conformance next to the repository. */
export function conformanceDir(): string {
  const dir = process.env.ENTROPIC_CONFORMANCE ?? resolve(here, '../../../../shared/conformance');
  if (!existsSync(dir)) throw new Error(`conformance vectors not found at ${dir} (set ENTROPIC_CONFORMANCE)`);
  return dir;
}

export function loadCases<T>(file: string): T[] {
  const json = JSON.parse(readFileSync(join(conformanceDir(), file), 'utf8')) as { cases: T[] };
  return json.cases;
}

export function decode(v: number | string): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return Number.NaN;
  if (v === 'Infinity') return Number.POSITIVE_INFINITY;
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
  throw new Error(`conformance: unexpected value ${JSON.stringify(v)}`);
}

export function fromJson(t: JsonTensor): Tensor {
  const values = t.data.map(decode);
  if (t.dtype === 'int32') return tensor(values, { dtype: 'int32', shape: t.shape });
  return tensor(values, { dtype: 'float64', shape: t.shape });
}

/** Max |a − e| over the elements (shapes must match exactly). */
export function maxAbsDiff(actual: Tensor, expected: JsonTensor | Tensor): number {
  const eShape = expected.shape;
  if (actual.shape.length !== eShape.length || actual.shape.some((d, i) => d !== eShape[i])) {
    throw new Error(`shape [${actual.shape}] ≠ expected [${eShape}]`);
  }
  const values = Array.isArray((expected as JsonTensor).data) ? (expected as JsonTensor).data.map(decode) : Array.from((expected as Tensor).data);
  let m = 0;
  actual.data.forEach((v, i) => {
    m = Math.max(m, Math.abs(v - values[i]!));
  });
  return m;
}
