/** Loads the shared PyTorch reference vectors (../shared/conformance beside the repo); a copy of core's test helper. */
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

export function fromJson(t: JsonTensor, requiresGrad = false): Tensor {
  const values = t.data.map(decode);
  if (t.dtype === 'int32') return tensor(values, { dtype: 'int32', shape: t.shape });
  return tensor(values, { dtype: 'float64', shape: t.shape, requiresGrad });
}

/** |a − e| ≤ atol + rtol·|e| element-wise, NaN = NaN, ∞ only equal to itself; returns a failure message or null. */
export function compare(actual: Tensor | null, expected: JsonTensor, atol: number, rtol: number): string | null {
  if (actual === null) return 'no tensor (null)';
  if (actual.shape.length !== expected.shape.length || actual.shape.some((d, i) => d !== expected.shape[i])) {
    return `shape [${actual.shape}] ≠ expected [${expected.shape}]`;
  }
  const a = actual.data;
  for (let i = 0; i < a.length; i++) {
    const e = decode(expected.data[i]!);
    const v = a[i]!;
    if (Number.isNaN(e) ? !Number.isNaN(v) : !Number.isFinite(e) ? v !== e : !(Math.abs(v - e) <= atol + rtol * Math.abs(e))) {
      return `element ${i}: got ${v}, expected ${e}`;
    }
  }
  return null;
}
