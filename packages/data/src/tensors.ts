/** Small helpers between typed arrays and core Tensors. */
import { Tensor, indexSelect, isTensor as isCoreTensor } from '@entropic/core';
import { show } from './csv-table.js';

export type TypedArray = Float32Array | Float64Array | Int32Array;

/** Wraps a typed array as a Tensor without copying (dtype from the array type). */
export function wrap(data: TypedArray, shape: readonly number[]): Tensor {
  return Tensor.fromData(data, [...shape]);
}

/** Whether `v` is an Entropic Tensor (core's brand check: a same-release second copy of core counts too). */
export function isTensor(v: unknown): v is Tensor {
  return isCoreTensor(v);
}

export function shapeStr(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Checks that `opts` is an object naming only `known` options (a typo is an error, not ignored). */
export function checkOptions(fn: string, opts: unknown, known: ReadonlySet<string>): void {
  if (typeof opts !== 'object' || opts === null) throw new Error(`${fn}: options must be an object, got ${show(opts)}`);
  for (const k of Object.keys(opts)) {
    if (!known.has(k)) throw new Error(`${fn}: unknown option "${k}" (known options: ${[...known].join(', ')})`);
  }
}

/** Checks that `v` is a Tensor with at least `minDim` dimensions (exactly `ndim` if given). */
export function checkTensor(fn: string, name: string, v: unknown, dims: { ndim?: number; minDim?: number }): Tensor {
  if (!isTensor(v)) {
    const hint = Array.isArray(v) ? ' (make one with tensor() from @entropic/core, or fromArrays)' : '';
    throw new Error(`${fn}: expected ${name} to be a Tensor, got ${show(v)}${hint}`);
  }
  const nd = v.shape.length;
  if (dims.ndim !== undefined && nd !== dims.ndim) {
    const want = dims.ndim === 2 ? '2-D [n, d]' : dims.ndim === 1 ? '1-D [n]' : `${dims.ndim}-D`;
    throw new Error(`${fn}: expected ${name} to be ${want}, got shape ${shapeStr(v.shape)}`);
  }
  if (dims.minDim !== undefined && nd < dims.minDim) {
    throw new Error(`${fn}: expected ${name} with at least ${dims.minDim} dimension(s), got shape ${shapeStr(v.shape)}`);
  }
  return v;
}

/** Checks that X and y have the same number of rows. */
export function checkSameRows(fn: string, X: Tensor, y: Tensor): void {
  if (X.shape[0] !== y.shape[0]) {
    throw new Error(
      `${fn}: X and y must have the same number of samples, got X ${shapeStr(X.shape)} (${X.shape[0]} rows) and y ${shapeStr(y.shape)} (${y.shape[0]} rows)`,
    );
  }
}

/** A new Tensor holding the rows `idx[start…end)` (first axis) of `t`, same dtype (`indexSelect`, one backend kernel). */
export function takeRows(t: Tensor, idx: ArrayLike<number>, start = 0, end = idx.length): Tensor {
  const rows = idx instanceof Int32Array ? idx.subarray(start, end) : Int32Array.from(Array.prototype.slice.call(idx, start, end) as number[]);
  // A tensor from another installed copy of core is wrapped (no copy) so this core's op accepts it.
  const foreign = t as { data: TypedArray; shape: readonly number[] };
  const src = t instanceof Tensor ? t : wrap(foreign.data, foreign.shape);
  return indexSelect(src, Tensor.fromData(rows, [rows.length]));
}
