/** Turning what users pass (Tensors, number[][], number[]) into checked tensors. */
import { EntropicError, Tensor, backend, describeValue, shapeToString } from '@entropic/core';

/** Features as a Tensor `[n, d]` or a `number[][]` (float64). */
export type MatrixLike = Tensor | readonly (readonly number[])[];
/** A vector as a Tensor, a `number[]` or a typed array. */
export type VectorLike = Tensor | readonly number[] | Int32Array | Float32Array | Float64Array;

/**
 * Features as a float tensor [n, d]. A float Tensor is used as is (no copy); int32 becomes
 * float32; number[][] becomes float64 (JavaScript numbers are doubles: no precision is lost).
 * Non-finite values are refused, naming the row and column.
 */
export function toMatrix(fn: string, X: MatrixLike, what = 'X'): Tensor {
  let t: Tensor;
  if (X instanceof Tensor) {
    if (X.ndim !== 2) throw new EntropicError('SHAPE', fn, `expected ${what} of shape [n, d], got ${describeValue(X)}`);
    if (X.dtype !== 'float32' && X.dtype !== 'float64') t = Tensor.fromData(Float32Array.from(X.data), X.shape.slice());
    else t = X;
  } else if (Array.isArray(X)) {
    const n = X.length;
    const first = X[0];
    if (n === 0 || !Array.isArray(first)) throw new EntropicError('TYPE', fn, `expected ${what} as a non-empty number[][] or a Tensor [n, d], got ${describeValue(X)}`);
    const d = first.length;
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const row = X[i];
      if (!Array.isArray(row) || row.length !== d) {
        throw new EntropicError('SHAPE', fn, `expected ${what} row ${i} to have ${d} values like row 0, got ${describeValue(row)}`);
      }
      for (let j = 0; j < d; j++) {
        const v = row[j];
        if (typeof v !== 'number') throw new EntropicError('TYPE', fn, `expected ${what}[${i}][${j}] to be a number, got ${describeValue(v)}`);
        data[i * d + j] = v;
      }
    }
    t = Tensor.fromData(data, [n, d]);
  } else {
    throw new EntropicError('TYPE', fn, `expected ${what} as a Tensor [n, d] or number[][], got ${describeValue(X)}`);
  }
  if (!backend().allFinite(t.data)) {
    const a = t.data;
    const d = t.shape[1]!;
    for (let k = 0; k < a.length; k++) {
      if (!Number.isFinite(a[k]!)) throw new EntropicError('NON_FINITE', fn, `expected finite features, got ${what}[${Math.floor(k / d)}][${k % d}] = ${a[k]}`);
    }
  }
  return t;
}

/** A flat list of numbers from a Tensor (any shape [n]) or number[]. */
export function toVector(fn: string, y: VectorLike, what = 'y'): ArrayLike<number> {
  if (y instanceof Tensor) {
    if (y.ndim !== 1) throw new EntropicError('SHAPE', fn, `expected ${what} of shape [n], got ${describeValue(y)}`);
    return y.data;
  }
  if (y instanceof Int32Array || y instanceof Float32Array || y instanceof Float64Array) return y;
  if (Array.isArray(y)) {
    for (let i = 0; i < y.length; i++) {
      if (typeof y[i] !== 'number') throw new EntropicError('TYPE', fn, `expected ${what}[${i}] to be a number, got ${describeValue(y[i])}`);
    }
    return y;
  }
  throw new EntropicError('TYPE', fn, `expected ${what} as a Tensor [n], number[] or typed array, got ${describeValue(y)}`);
}

/**
 * Class labels 0…K−1 as int32, checked to be integers in range. `numClasses` undefined: K is
 * inferred as max + 1.
 */
export function toLabels(fn: string, y: VectorLike, n: number | null, numClasses?: number, what = 'y'): Int32Array {
  const v = toVector(fn, y, what);
  if (n !== null && v.length !== n) throw new EntropicError('SHAPE', fn, `expected ${what} with ${n} labels (one per row of X), got ${v.length}`);
  const out = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (!Number.isInteger(c) || c < 0 || (numClasses !== undefined && c >= numClasses)) {
      const range = numClasses === undefined ? 'a non-negative integer' : `an integer in [0, ${numClasses - 1}]`;
      throw new EntropicError('VALUE', fn, `expected ${what}[${i}] to be ${range} (a class index), got ${c}`);
    }
    out[i] = c;
  }
  return out;
}

/** Per-sample weights: n finite numbers ≥ 0, not all 0, in `dtype`. */
export function toSampleWeight(fn: string, w: VectorLike, n: number, dtype: 'float32' | 'float64', what = 'sampleWeight'): Tensor {
  const v = toVector(fn, w, what);
  if (v.length !== n) throw new EntropicError('SHAPE', fn, `expected ${what} with ${n} values (one per row of X), got ${v.length}`);
  const out = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    if (!(Number.isFinite(x) && x >= 0)) throw new EntropicError('VALUE', fn, `expected ${what}[${i}] to be a finite number >= 0, got ${x}`);
    out[i] = x;
    total += x;
  }
  if (total === 0) throw new EntropicError('VALUE', fn, `expected ${what} with at least one positive weight, got all zeros`);
  return Tensor.fromData(out, [n]);
}

/** A float tensor [n, K] or [n] of scores/probabilities, from a Tensor or nested arrays. */
export function toScores(fn: string, p: Tensor | readonly number[] | readonly (readonly number[])[], what: string): Tensor {
  if (p instanceof Tensor) {
    if (p.ndim !== 1 && p.ndim !== 2) throw new EntropicError('SHAPE', fn, `expected ${what} of shape [n] or [n, K], got ${describeValue(p)}`);
    return p;
  }
  if (Array.isArray(p) && p.length > 0 && Array.isArray(p[0])) return toMatrix(fn, p as readonly (readonly number[])[], what);
  const v = toVector(fn, p as readonly number[], what);
  return Tensor.fromData(Float64Array.from(v), [v.length]);
}

/** Throws SHAPE unless X has `d` columns. */
export function checkFeatures(fn: string, x: Tensor, d: number): void {
  if (x.shape[1] !== d) throw new EntropicError('SHAPE', fn, `expected X with ${d} features, got shape ${shapeToString(x.shape)}`);
}
