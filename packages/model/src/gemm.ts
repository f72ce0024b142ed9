/** The matrix product the model's fused ops run on: core's active backend kernel. */
import { backend } from '@entropic/core';
import type { FloatArray } from '@entropic/core';

/** C[m×n] = A[m×k]·B[k×n], A and B read through (row, column) strides; C is overwritten. */
export function gemm(
  m: number, n: number, k: number,
  a: FloatArray, aOff: number, aRowStride: number, aColStride: number,
  b: FloatArray, bOff: number, bRowStride: number, bColStride: number,
  c: FloatArray, cOff: number,
): void {
  backend().gemm(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, c, cOff);
}
