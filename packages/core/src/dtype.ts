/**
 * Element types. `int32` holds class indices and `bool` the results of comparisons (a
 * Uint8Array of 0/1); neither carries a gradient.
 */
import { EntropicError, describeValue } from './errors.js';
import { backend } from './backend/index.js';
import type { OptionRule } from './options.js';

/**
 * The element types of a Tensor: float32 (the default), float64, int32 (class indices; never a gradient) and bool (comparison results, stored as 0/1 bytes).
 */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';
/** The dtypes that carry gradients. */
export type FloatDType = 'float32' | 'float64';
/** The storage of a tensor of each dtype: Float32Array, Float64Array, Int32Array, Uint8Array (bool). */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;
/** The storage of a float tensor. */
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
  if (data instanceof Uint8Array) return 'bool';
  return 'int32';
}

/** Whether tensors of `dtype` can carry gradients. */
export function isFloat(dtype: DType): dtype is FloatDType {
  return dtype === 'float32' || dtype === 'float64';
}

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** Type promotion as PyTorch: float64 > float32 > int32 > bool. */
export function promote(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/** The dtype arithmetic computes in: bool counts as 0/1 int32 (a sum of masks must be able to exceed 1). */
export function arithmeticDType(dtype: DType): DType {
  return dtype === 'bool' ? 'int32' : dtype;
}

/**
 * The dtype of a number operand next to a tensor of `dtype`: the tensor's own, except that a
 * fractional number lifts int32/bool to float32 and an integer lifts bool to int32, as PyTorch.
 */
export function promoteScalar(dtype: DType, value: number): DType {
  if (isFloat(dtype)) return dtype;
  return Number.isInteger(value) ? 'int32' : 'float32';
}

export function checkDType(fn: string, dtype: unknown): DType {
  if (dtype === 'float32' || dtype === 'float64' || dtype === 'int32' || dtype === 'bool') return dtype;
  throw new EntropicError('DTYPE', fn, `expected dtype 'float32', 'float64', 'int32' or 'bool', got ${describeValue(dtype)}`);
}

/**
 * The `dtype` option of `fn` for `parseOptions`: a name that is not a dtype is refused by
 * `checkDType`, with code DTYPE (as a dtype passed any other way), not OPTION.
 */
export function dtypeOption<D extends DType | undefined>(fn: string, fallback: D): OptionRule<DType | D> {
  return { expected: "'float32', 'float64', 'int32' or 'bool'", default: fallback, check: (v) => checkDType(fn, v) };
}
