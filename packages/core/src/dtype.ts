/** Element types. `int32` holds class indices and never carries a gradient. */
export type DType = 'float32' | 'float64' | 'int32';
export type FloatDType = 'float32' | 'float64';
export type TypedArray = Float32Array | Float64Array | Int32Array;
export type FloatArray = Float32Array | Float64Array;

export function allocate(dtype: DType, size: number): TypedArray {
  if (dtype === 'float32') return new Float32Array(size);
  if (dtype === 'float64') return new Float64Array(size);
  return new Int32Array(size);
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
