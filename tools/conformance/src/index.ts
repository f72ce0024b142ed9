/**
 * Loads the reference vectors (PyTorch 1.13 / scikit-learn 1.2, float64) for every package's
 * tests: the repository's own `tools/conformance/vectors/`, or $ENTROPIC_CONFORMANCE.
 * It knows nothing of Tensor (no dependency on @entropic/core), so core's own tests can use it.
 * Also the test backends: `spyBackend` (counts kernel calls) and, for vitest.shared.ts, the setup
 * file `backend-setup.ts` that installs the backend named by ENTROPIC_BACKEND.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface JsonTensor {
  shape: number[];
  data: (number | string)[];
  dtype?: 'int32';
}

/** What a comparison needs of a tensor (a core Tensor satisfies it). */
export interface TensorLikeValues {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
}

const here = dirname(fileURLToPath(import.meta.url));

/** The repository's reference vectors (computed by the scripts in `tools/conformance/scripts`). */
export const vectorsDir = resolve(here, '../vectors');

export function conformanceDir(): string {
  const dir = process.env.ENTROPIC_CONFORMANCE ?? vectorsDir;
  if (!existsSync(dir)) throw new Error(`conformance vectors not found at ${dir} (set ENTROPIC_CONFORMANCE)`);
  return dir;
}

/** The cases of one vector file, e.g. `loadCases('core.json')`. */
export function loadCases<T>(file: string): T[] {
  const json = JSON.parse(readFileSync(join(conformanceDir(), file), 'utf8')) as { cases: T[] };
  return json.cases;
}

/** Numbers, with the non-finite values written as the strings "NaN", "Infinity", "-Infinity". */
export function decode(v: number | string): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return Number.NaN;
  if (v === 'Infinity') return Number.POSITIVE_INFINITY;
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
  throw new Error(`conformance: unexpected value ${JSON.stringify(v)}`);
}

/** A tensor's values, shape and dtype, ready for `tensor(values, { dtype, shape })`. */
export function decodeTensor(t: JsonTensor): { values: number[]; shape: number[]; dtype: 'float64' | 'int32' } {
  return { values: t.data.map(decode), shape: t.shape, dtype: t.dtype === 'int32' ? 'int32' : 'float64' };
}

function sameShape(actual: TensorLikeValues, expected: { shape: readonly number[] }): boolean {
  return actual.shape.length === expected.shape.length && actual.shape.every((d, i) => d === expected.shape[i]);
}

/**
 * |a − e| ≤ atol + rtol·|e| element-wise, shapes equal exactly, NaN equals NaN and an infinity
 * only itself (the README's rule); returns a failure message or null.
 */
export function compare(actual: TensorLikeValues | null, expected: JsonTensor, atol: number, rtol: number): string | null {
  if (actual === null) return 'no tensor (null)';
  if (!sameShape(actual, expected)) return `shape [${actual.shape}] ≠ expected [${expected.shape}]`;
  for (let i = 0; i < actual.data.length; i++) {
    const e = decode(expected.data[i]!);
    const v = actual.data[i]!;
    if (Number.isNaN(e) ? !Number.isNaN(v) : !Number.isFinite(e) ? v !== e : !(Math.abs(v - e) <= atol + rtol * Math.abs(e))) {
      return `element ${i}: got ${v}, expected ${e}`;
    }
  }
  return null;
}

/** Max |a − e| over the elements; shapes must match exactly. */
export function maxAbsDiff(actual: TensorLikeValues, expected: JsonTensor | TensorLikeValues): number {
  if (!sameShape(actual, expected)) throw new Error(`shape [${actual.shape}] ≠ expected [${expected.shape}]`);
  const values = Array.isArray(expected.data) ? (expected as JsonTensor).data.map(decode) : Array.from(expected.data as ArrayLike<number>);
  let m = 0;
  for (let i = 0; i < actual.data.length; i++) m = Math.max(m, Math.abs(actual.data[i]! - values[i]!));
  return m;
}

export { type KernelCounts, spyBackend } from './spy-backend.js';
