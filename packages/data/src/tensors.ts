/** Small helpers between typed arrays and core Tensors. */
import { EntropicError, Tensor, describeValue, indexSelect, isTensor as isCoreTensor, shapeToString } from '@entropic/core';

export type TypedArray = Float32Array | Float64Array | Int32Array;

/** Wraps a typed array as a Tensor without copying (dtype from the array type). */
export function wrap(data: TypedArray, shape: readonly number[]): Tensor {
  return Tensor.fromData(data, [...shape]);
}

/** Whether `v` is an Entropic Tensor (core's `isTensor`: a tensor of a same-release second copy of core counts too). */
export function isTensor(v: unknown): v is Tensor {
  return isCoreTensor(v);
}

/** Checks that `v` is a Tensor with at least `minDim` dimensions (exactly `ndim` if given). */
export function checkTensor(fn: string, name: string, v: unknown, dims: { ndim?: number; minDim?: number }): Tensor {
  if (!isTensor(v)) {
    const hint = Array.isArray(v) ? ' (make one with tensor() from @entropic/core, or fromArrays)' : '';
    throw new EntropicError('TYPE', fn, `expected ${name} to be a Tensor, got ${describeValue(v)}${hint}`);
  }
  const nd = v.shape.length;
  if (dims.ndim !== undefined && nd !== dims.ndim) {
    const want = dims.ndim === 2 ? '2-D [n, d]' : dims.ndim === 1 ? '1-D [n]' : `${dims.ndim}-D`;
    throw new EntropicError('SHAPE', fn, `expected ${name} to be ${want}, got shape ${shapeToString(v.shape)}`);
  }
  if (dims.minDim !== undefined && nd < dims.minDim) {
    throw new EntropicError('SHAPE', fn, `expected ${name} with at least ${dims.minDim} dimension(s), got shape ${shapeToString(v.shape)}`);
  }
  return v;
}

/** Checks that X and y have the same number of rows. */
export function checkSameRows(fn: string, X: Tensor, y: Tensor): void {
  if (X.shape[0] !== y.shape[0]) {
    throw new EntropicError(
      'SHAPE',
      fn,
      `expected X and y with the same number of samples, got X ${shapeToString(X.shape)} (${X.shape[0]} rows) and y ${shapeToString(y.shape)} (${y.shape[0]} rows)`,
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
