// Interim reference kernel; replaced by the blocked kernel.
import type { FloatArray } from '../dtype.js';
export function gemm(m: number, n: number, k: number,
  a: FloatArray, aOff: number, aRs: number, aCs: number,
  b: FloatArray, bOff: number, bRs: number, bCs: number,
  c: FloatArray, cOff: number): void {
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += a[aOff + i * aRs + p * aCs]! * b[bOff + p * bRs + j * bCs]!;
    c[cOff + i * n + j] = s;
  }
}
