/** Row gathering for mini-batches (the batch order itself comes from @entropic/data's `Batches`). */
import { Tensor } from '@entropic/core';
import type { TypedArray } from '@entropic/core';

/** Rows `indices` of a row-major [n, …] tensor, as a fresh tensor (rows are contiguous: one `set` each). */
export function gatherRows(x: Tensor, indices: Int32Array): Tensor {
  const rowSize = x.shape.length > 1 ? x.size / x.shape[0]! : 1;
  const count = indices.length;
  const src = x.data;
  const out = new (src.constructor as { new (n: number): TypedArray })(count * rowSize);
  if (rowSize === 1) {
    for (let i = 0; i < count; i++) out[i] = src[indices[i]!]!;
  } else {
    for (let i = 0; i < count; i++) {
      const r = indices[i]! * rowSize;
      out.set(src.subarray(r, r + rowSize), i * rowSize);
    }
  }
  return Tensor.fromData(out, [count, ...x.shape.slice(1)]);
}

/** Rows `start…end` of a row-major tensor as a view (no copy). */
export function rowRange(x: Tensor, start: number, end: number): Tensor {
  const rowSize = x.shape.length > 1 ? x.size / x.shape[0]! : 1;
  return Tensor.fromData(x.data.subarray(start * rowSize, end * rowSize) as TypedArray, [end - start, ...x.shape.slice(1)]);
}
