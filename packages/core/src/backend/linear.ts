/** CPU kernels of a linear layer's bias: add a row vector to every row, and its adjoint (column sums). */
import type { FloatArray } from '../dtype.js';

let acc = new Float64Array(0);

/** out[i·cols + j] += bias[j] for every row i, in place. */
export function biasAdd(out: FloatArray, rows: number, cols: number, bias: FloatArray): void {
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) out[o + j] = out[o + j]! + bias[j]!;
  }
}

/** out[j] = Σ_i x[i·cols + j], summed in double whatever the storage type (rounded once on store). */
export function columnSum(x: FloatArray, rows: number, cols: number, out: FloatArray): void {
  if (acc.length < cols) acc = new Float64Array(cols);
  acc.fill(0, 0, cols);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) acc[j]! += x[o + j]!;
  }
  for (let j = 0; j < cols; j++) out[j] = acc[j]!;
}
