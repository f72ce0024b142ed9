/**
 * The matrix product the model's fused ops run on: core's active backend kernel, plus two
 * skinny shapes that logistic regression lives on and that a general gemm's direct loop runs
 * latency-bound (one running sum, or one load-store per multiply-add):
 *   X·wᵀ  — many rows, 1…4 outputs: dot products, two rows at a time, with independent partial sums;
 *   gᵀ·X  — 1…4 output rows, many terms: rows of X streamed four at a time into a double row.
 * Both read float32 storage directly and sum in doubles. Other backends (e.g. WebAssembly) are
 * always used as installed.
 */
import { backend, cpuBackend } from '@entropic/core';
import type { FloatArray } from '@entropic/core';

let accRow = new Float64Array(0);

/** C[m×n] = A[m×k]·B[k×n], A and B read through (row, column) strides; C is overwritten. */
export function gemm(
  m: number, n: number, k: number,
  a: FloatArray, aOff: number, aRowStride: number, aColStride: number,
  b: FloatArray, bOff: number, bRowStride: number, bColStride: number,
  c: FloatArray, cOff: number,
): void {
  const cpu = backend() === cpuBackend;
  if (cpu && k >= 16 && n <= 4 && aColStride === 1 && bRowStride === 1) {
    dotRows(m, n, k, a, aOff, aRowStride, b, bOff, bColStride, c, cOff);
  } else if (cpu && k >= 16 && m <= 4 && bColStride === 1) {
    streamRows(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, c, cOff);
  } else {
    backend().gemm(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, c, cOff);
  }
}

/**
 * C[i,j] = Σ_p A[i,p]·B[p,j] with A's rows and B's columns contiguous. Two rows of A at a time,
 * each with two partial sums: B's values are loaded once for both rows, and the four sums are
 * independent (one running sum would wait on each add's latency). ~1.5× the one-row, four-sum
 * loop on W1's 200,000 × 100 (measured, Node 20).
 */
function dotRows(
  m: number, n: number, k: number, a: FloatArray, aOff: number, ars: number,
  b: FloatArray, bOff: number, bcs: number, c: FloatArray, cOff: number,
): void {
  const r = k % 2;
  const m2 = m - (m % 2);
  for (let i = 0; i < m2; i += 2) {
    const a0 = aOff + i * ars;
    const a1 = a0 + ars;
    for (let j = 0; j < n; j++) {
      const bj = bOff + j * bcs;
      let s0 = 0;
      let s1 = 0;
      let t0 = 0;
      let t1 = 0;
      // The odd term goes first, with its own counter: a tail loop after the main loop sharing
      // its counter made V8's code several times slower (measured, Node 20).
      for (let p = 0; p < r; p++) {
        s0 += a[a0 + p]! * b[bj + p]!;
        t0 += a[a1 + p]! * b[bj + p]!;
      }
      for (let p = r; p < k; p += 2) {
        const b0 = b[bj + p]!;
        const b1 = b[bj + p + 1]!;
        s0 += a[a0 + p]! * b0;
        s1 += a[a0 + p + 1]! * b1;
        t0 += a[a1 + p]! * b0;
        t1 += a[a1 + p + 1]! * b1;
      }
      c[cOff + i * n + j] = s0 + s1;
      c[cOff + (i + 1) * n + j] = t0 + t1;
    }
  }
  for (let i = m2; i < m; i++) {
    const a0 = aOff + i * ars;
    for (let j = 0; j < n; j++) {
      const bj = bOff + j * bcs;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[a0 + p]! * b[bj + p]!;
      c[cOff + i * n + j] = s;
    }
  }
}

/** C[i,:] = Σ_p A[i,p]·B[p,:] with B's rows contiguous: four rows of B per pass over the accumulator. */
function streamRows(
  m: number, n: number, k: number, a: FloatArray, aOff: number, ars: number, acs: number,
  b: FloatArray, bOff: number, brs: number, c: FloatArray, cOff: number,
): void {
  if (accRow.length < n) accRow = new Float64Array(n);
  const acc = accRow;
  const r = k % 4;
  for (let i = 0; i < m; i++) {
    acc.fill(0, 0, n);
    const ai = aOff + i * ars;
    for (let p = 0; p < r; p++) {
      const x = a[ai + p * acs]!;
      const row = bOff + p * brs;
      for (let j = 0; j < n; j++) acc[j] = acc[j]! + x * b[row + j]!;
    }
    for (let p = r; p < k; p += 4) {
      const x0 = a[ai + p * acs]!;
      const x1 = a[ai + (p + 1) * acs]!;
      const x2 = a[ai + (p + 2) * acs]!;
      const x3 = a[ai + (p + 3) * acs]!;
      const r0 = bOff + p * brs;
      const r1 = r0 + brs;
      const r2 = r1 + brs;
      const r3 = r2 + brs;
      for (let j = 0; j < n; j++) acc[j] = acc[j]! + (x0 * b[r0 + j]! + x1 * b[r1 + j]! + (x2 * b[r2 + j]! + x3 * b[r3 + j]!));
    }
    const ci = cOff + i * n;
    for (let j = 0; j < n; j++) c[ci + j] = acc[j]!;
  }
}
