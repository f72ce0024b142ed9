/**
 * The kernel interface. Ops validate their arguments and decide shapes and dtypes; a backend
 * only computes, on contiguous row-major typed arrays. A faster backend (WebAssembly SIMD, say)
 * implements this interface and is installed with `setBackend` without touching any op.
 */
import type { TypedArray, FloatArray } from '../dtype.js';
import type { Shape } from '../shape.js';
import { type BinaryKernel, type UnaryKernel, binary, clamp, unary, where } from './elementwise.js';
import { type ReduceKernel, reduce } from './reduce.js';
import { addToSlice, gather, scatterAdd, slice, transpose } from './layout.js';
import { gemm } from './gemm.js';

export type { BinaryKernel, UnaryKernel, ReduceKernel };

export interface Backend {
  readonly name: string;
  unary(op: UnaryKernel, x: TypedArray, out: TypedArray): void;
  binary(op: BinaryKernel, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): void;
  clamp(x: TypedArray, lo: number, hi: number, out: TypedArray): void;
  where(cond: TypedArray, condShape: Shape, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): void;
  reduce(op: ReduceKernel, x: TypedArray, shape: Shape, axes: readonly number[], out: TypedArray): void;
  /** C[m×n] = A[m×k]·B[k×n] with A and B read through (row, column) strides. */
  gemm(
    m: number, n: number, k: number,
    a: FloatArray, aOff: number, aRowStride: number, aColStride: number,
    b: FloatArray, bOff: number, bRowStride: number, bColStride: number,
    c: FloatArray, cOff: number,
  ): void;
  transpose(x: TypedArray, shape: Shape, perm: readonly number[], out: TypedArray): void;
  slice(x: TypedArray, shape: Shape, starts: readonly number[], outShape: Shape, out: TypedArray): void;
  addToSlice(dst: TypedArray, dstShape: Shape, starts: readonly number[], src: TypedArray, srcShape: Shape): void;
  gather(x: TypedArray, shape: Shape, index: Int32Array, indexShape: Shape, axis: number, out: TypedArray): void;
  scatterAdd(out: TypedArray, outShape: Shape, index: Int32Array, indexShape: Shape, axis: number, src: TypedArray): void;
}

export const cpuBackend: Backend = {
  name: 'cpu',
  unary,
  binary,
  clamp,
  where,
  reduce,
  gemm,
  transpose,
  slice,
  addToSlice,
  gather,
  scatterAdd,
};

let active: Backend = cpuBackend;

/** The backend every op computes with. */
export function backend(): Backend {
  return active;
}

/** Installs another kernel implementation (e.g. a WebAssembly one); returns the previous one. */
export function setBackend(next: Backend): Backend {
  const previous = active;
  active = next;
  return previous;
}
