/** A range of rows as a view; mini-batches gather rows with core's `indexSelect` (in @entropic/data's `Batches`). */
import { Tensor } from '@entropic/core';
import type { TypedArray } from '@entropic/core';

/** Rows `start…end` of a row-major tensor as a view (no copy). */
export function rowRange(x: Tensor, start: number, end: number): Tensor {
  const rowSize = x.shape.length > 1 ? x.size / x.shape[0]! : 1;
  return Tensor.fromData(x.data.subarray(start * rowSize, end * rowSize) as TypedArray, [end - start, ...x.shape.slice(1)]);
}
