/** Turning what users pass (Tensors, number[][], number[]) into checked tensors. */
import { Tensor, isTensor, shapeToString } from '@entropic/core';

export type MatrixLike = Tensor | readonly (readonly number[])[];
export type VectorLike = Tensor | readonly number[] | Int32Array | Float32Array | Float64Array;

function describe(v: unknown): string {
  if (v instanceof Tensor) return `a Tensor of shape ${shapeToString(v.shape)} (${v.dtype})`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  return v === null ? 'null' : typeof v;
}

/**
 * Features as a float tensor [n, d]. A float Tensor is used as is (no copy); int32 becomes
 * float32; number[][] becomes float64 (JavaScript numbers are doubles: no precision is lost).
 * Non-finite values are refused, naming the row and column.
 */
export function toMatrix(fn: string, X: MatrixLike, what = 'X'): Tensor {
  let t: Tensor;
  if (isTensor(X)) {
    if (X.ndim !== 2) throw new Error(`${fn}: expected ${what} of shape [n, d], got ${describe(X)}`);
    t = X.dtype === 'int32' ? Tensor.fromData(Float32Array.from(X.data), X.shape.slice()) : X;
  } else if (Array.isArray(X)) {
    const n = X.length;
    const first = X[0];
    if (n === 0 || !Array.isArray(first)) throw new Error(`${fn}: expected ${what} as a non-empty number[][] or a Tensor [n, d], got ${describe(X)}`);
    const d = first.length;
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const row = X[i];
      if (!Array.isArray(row) || row.length !== d) {
        throw new Error(`${fn}: ${what} row ${i} has ${Array.isArray(row) ? `${row.length} values` : describe(row)}, expected ${d} like row 0`);
      }
      for (let j = 0; j < d; j++) {
        const v = row[j];
        if (typeof v !== 'number') throw new Error(`${fn}: ${what}[${i}][${j}] must be a number, got ${describe(v)}`);
        data[i * d + j] = v;
      }
    }
    t = Tensor.fromData(data, [n, d]);
  } else {
    throw new Error(`${fn}: expected ${what} as a Tensor [n, d] or number[][], got ${describe(X)}`);
  }
  if (!allFinite(t.data)) {
    const a = t.data;
    const d = t.shape[1]!;
    for (let k = 0; k < a.length; k++) {
      if (!Number.isFinite(a[k]!)) throw new Error(`${fn}: ${what}[${Math.floor(k / d)}][${k % d}] is ${a[k]}; features must be finite`);
    }
  }
  return t;
}

/**
 * Whether every value is finite, without a branch per element: x·0 is 0 for finite x and NaN
 * for ±Infinity or NaN, so the sums stay 0 exactly when all are finite. Four sums keep the
 * adds independent (one running sum would wait on each add's latency).
 */
export function allFinite(a: ArrayLike<number>): boolean {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = a.length;
  const r = n % 4;
  // Remainder first, each loop with its own counter: a tail loop sharing the main loop's
  // counter made V8's code several times slower (measured, Node 20).
  for (let i = 0; i < r; i++) s0 += a[i]! * 0;
  for (let i = r; i < n; i += 4) {
    s0 += a[i]! * 0;
    s1 += a[i + 1]! * 0;
    s2 += a[i + 2]! * 0;
    s3 += a[i + 3]! * 0;
  }
  return s0 + s1 + s2 + s3 === 0;
}

/** A flat list of numbers from a Tensor (any shape [n]) or number[]. */
export function toVector(fn: string, y: VectorLike, what = 'y'): ArrayLike<number> {
  if (isTensor(y)) {
    if (y.ndim !== 1) throw new Error(`${fn}: expected ${what} of shape [n], got ${describe(y)}`);
    return y.data;
  }
  if (y instanceof Int32Array || y instanceof Float32Array || y instanceof Float64Array) return y;
  if (Array.isArray(y)) {
    for (let i = 0; i < y.length; i++) {
      if (typeof y[i] !== 'number') throw new Error(`${fn}: ${what}[${i}] must be a number, got ${describe(y[i])}`);
    }
    return y;
  }
  throw new Error(`${fn}: expected ${what} as a Tensor [n], number[] or typed array, got ${describe(y)}`);
}

/**
 * Class labels 0…K−1 as int32, checked to be integers in range. `numClasses` undefined: K is
 * inferred as max + 1.
 */
export function toLabels(fn: string, y: VectorLike, n: number | null, numClasses?: number, what = 'y'): Int32Array {
  const v = toVector(fn, y, what);
  if (n !== null && v.length !== n) throw new Error(`${fn}: expected ${what} with ${n} labels (one per row of X), got ${v.length}`);
  const out = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (!Number.isInteger(c) || c < 0 || (numClasses !== undefined && c >= numClasses)) {
      const range = numClasses === undefined ? 'a non-negative integer' : `an integer in [0, ${numClasses - 1}]`;
      throw new Error(`${fn}: ${what}[${i}] must be ${range} (a class index), got ${c}`);
    }
    out[i] = c;
  }
  return out;
}

/** A float tensor [n, K] or [n] of scores/probabilities, from a Tensor or nested arrays. */
export function toScores(fn: string, p: Tensor | readonly number[] | readonly (readonly number[])[], what: string): Tensor {
  if (isTensor(p)) {
    if (p.ndim !== 1 && p.ndim !== 2) throw new Error(`${fn}: expected ${what} of shape [n] or [n, K], got ${describe(p)}`);
    return p;
  }
  if (Array.isArray(p) && p.length > 0 && Array.isArray(p[0])) return toMatrix(fn, p as readonly (readonly number[])[], what);
  const v = toVector(fn, p as readonly number[], what);
  return Tensor.fromData(Float64Array.from(v), [v.length]);
}
