/** Element types. `int32` holds class indices and never carries a gradient. */
import { backend } from './backend/index.js';

export type DType = 'float32' | 'float64' | 'int32';
export type FloatDType = 'float32' | 'float64';
export type TypedArray = Float32Array | Float64Array | Int32Array;
export type FloatArray = Float32Array | Float64Array;

/**
 * Storage for a new tensor, zero-filled, from the active backend (so that a backend can keep
 * data where its kernels want it). Every op allocates its outputs through here.
 */
export function allocate(dtype: DType, size: number): TypedArray {
  return backend().allocate(dtype, size);
}

export function dtypeOfArray(data: TypedArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  return 'int32';
}

export function isFloat(dtype: DType): dtype is FloatDType {
  return dtype !== 'int32';
}

/** Type promotion as PyTorch: float64 > float32 > int32. */
export function promote(a: DType, b: DType): DType {
  if (a === 'float64' || b === 'float64') return 'float64';
  if (a === 'float32' || b === 'float32') return 'float32';
  return 'int32';
}

/** The dtype of `op(tensor, number)`: a fractional number lifts int32 to float32, as PyTorch. */
export function promoteScalar(dtype: DType, value: number): DType {
  return dtype === 'int32' && !Number.isInteger(value) ? 'float32' : dtype;
}

export function checkDType(fn: string, dtype: unknown): DType {
  if (dtype === 'float32' || dtype === 'float64' || dtype === 'int32') return dtype;
  throw new Error(`${fn}: expected dtype 'float32', 'float64' or 'int32', got ${JSON.stringify(dtype)}`);
}
