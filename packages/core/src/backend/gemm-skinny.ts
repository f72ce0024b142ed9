/**
 * gemm's unpacked paths for skinny products, where packing costs more than it saves: the shapes
 * logistic regression lives on (X·w with n = 1…4 outputs, gᵀ·X with m = 1…4 rows) and other
 * products with m ≤ 2 or n = 1. Sums are kept in doubles and stored once, so a float32 result
 * is rounded once.
 */
import type { FloatArray } from '../dtype.js';

let accRow = new Float64Array(0);

/** Computes C = A·B when the shape is skinny and returns true; false leaves it to the packed path. */
export function skinnyGemm(
  m: number, n: number, k: number,
  a: FloatArray, aOff: number, aRowStride: number, aColStride: number,
  b: FloatArray, bOff: number, bRowStride: number, bColStride: number,
  c: FloatArray, cOff: number,
): boolean {
  // A direct loop with one running sum (or one load-store per multiply-add) is latency-bound:
  // these two keep several independent sums (measured ~2× on 200,000 × 100, Node 20).
  if (k >= 16 && n <= 4 && aColStride === 1 && bRowStride === 1) {
    dotRows(m, n, k, a, aOff, aRowStride, b, bOff, bColStride, c, cOff);
  } else if (k >= 16 && m <= 4 && bColStride === 1) {
    streamRows(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, c, cOff);
  } else if (m <= 2 || n === 1) {
    gemmDirect(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, c, cOff);
  } else {
    return false;
  }
  return true;
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

/**
 * The general unpacked loop. The loop order follows B's layout: when B is contiguous
 * along j (and n > 1), row i of C is built as Σ_p A[i,p]·B[p,:] in a double scratch row, which
 * streams B row by row; otherwise each C[i,j] is a dot product along p.
 */
function gemmDirect(
  m: number,
  n: number,
  k: number,
  a: FloatArray,
  aOff: number,
  ars: number,
  acs: number,
  b: FloatArray,
  bOff: number,
  brs: number,
  bcs: number,
  c: FloatArray,
  cOff: number,
): void {
  if (n > 1 && Math.abs(bcs) <= Math.abs(brs)) {
    if (accRow.length < n) accRow = new Float64Array(n);
    const acc = accRow;
    for (let i = 0; i < m; i++) {
      acc.fill(0, 0, n);
      let ai = aOff + i * ars;
      let bRow = bOff;
      for (let p = 0; p < k; p++) {
        const x = a[ai]!;
        let bj = bRow;
        for (let j = 0; j < n; j++) {
          acc[j] = acc[j]! + x * b[bj]!;
          bj += bcs;
        }
        ai += acs;
        bRow += brs;
      }
      const ci = cOff + i * n;
      for (let j = 0; j < n; j++) c[ci + j] = acc[j]!;
    }
  } else {
    // Four rows at a time share each load of B (matters for the matrix·vector case n = 1).
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      for (let j = 0; j < n; j++) {
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        let ai = aOff + i * ars;
        let bi = bOff + j * bcs;
        for (let p = 0; p < k; p++) {
          const x = b[bi]!;
          s0 += a[ai]! * x;
          s1 += a[ai + ars]! * x;
          s2 += a[ai + 2 * ars]! * x;
          s3 += a[ai + 3 * ars]! * x;
          ai += acs;
          bi += brs;
        }
        const ci = cOff + i * n + j;
        c[ci] = s0;
        c[ci + n] = s1;
        c[ci + 2 * n] = s2;
        c[ci + 3 * n] = s3;
      }
    }
    for (; i < m; i++) {
      const aRow = aOff + i * ars;
      const ci = cOff + i * n;
      for (let j = 0; j < n; j++) {
        let s = 0;
        let ai = aRow;
        let bi = bOff + j * bcs;
        for (let p = 0; p < k; p++) {
          s += a[ai]! * b[bi]!;
          ai += acs;
          bi += brs;
        }
        c[ci + j] = s;
      }
    }
  }
}
