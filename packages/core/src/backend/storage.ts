/** CPU storage: tensors own garbage-collected typed arrays (no dispose, no tidy). */
import type { DType, TypedArray } from '../dtype.js';

/** A zero-filled typed array of `dtype` and length `size`. */
export function allocate(dtype: DType, size: number): TypedArray {
  if (dtype === 'float32') return new Float32Array(size);
  if (dtype === 'float64') return new Float64Array(size);
  if (dtype === 'bool') return new Uint8Array(size);
  return new Int32Array(size);
}

const nothingHeld = (): void => {};

/** The CPU backend reads every array where it is: holding one keeps nothing. */
export function hold(_data: TypedArray): () => void {
  return nothingHeld;
}
