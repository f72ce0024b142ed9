/** CPU vector kernels (BLAS level 1) for optimizers that work on flat parameter vectors (L-BFGS). */
import type { FloatArray } from '../dtype.js';

/** Σ a[i]·b[i] over a's length, summed in order in double. */
export function dot(a: FloatArray, b: FloatArray): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** y[i] ← y[i] + alpha·x[i] over y's length (torch's `add_(x, alpha=…)`). */
export function axpy(alpha: number, x: FloatArray, y: FloatArray): void {
  for (let i = 0; i < y.length; i++) y[i] = y[i]! + alpha * x[i]!;
}

/** x[i] ← x[i]·alpha, in place. */
export function scale(alpha: number, x: FloatArray): void {
  for (let i = 0; i < x.length; i++) x[i] = x[i]! * alpha;
}
