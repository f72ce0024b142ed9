/**
 * General matrix multiply over typed arrays, in plain JavaScript.
 *
 * Layout follows the BLIS/GotoBLAS scheme, scaled down to what V8 can keep in registers:
 *
 *   for pc in k, step KC            (B panel KC×NC: packed once, reused by every row block)
 *     for jc in n, step NC
 *       pack B[pc.., jc..] into strips of NR columns
 *       for ic in m, step MC        (A block MC×KC = 128 KiB of doubles: stays in L2)
 *         pack A[ic.., pc..] into strips of MR rows
 *         for each NR strip of B    (KC×NR = 6 KiB: stays in L1 across the MR strips below)
 *           for each MR strip of A: micro-kernel → MR×NR tile of C
 *
 * Why these choices (measured with Node 20 on a 2-core AMD EPYC, see bench/gemm-variants.ts):
 * - Packing copies into Float64Array scratch whatever the input dtype, so the hot loop is
 *   monomorphic (one typed-array kind), reads contiguously, and never converts float32→float64
 *   per multiply; the edge strips are zero-padded so the kernel has no bounds logic.
 * - The micro-kernel keeps a 4×3 tile in 12 local doubles. x64 has 16 xmm registers; 4×4 (16
 *   accumulators) spills in TurboFan and was ~5% slower, 2×4/4×2 (8) do too little work per
 *   load. 4×3, 3×4 and 2×6 were within noise of each other (~5.3–5.7 GFLOPS at n = 1024).
 *   Unrolling the k loop by 2 or 4 did not help (V8's index/bounds-check code dominates).
 * - Accumulation is in JS doubles and each tile is stored once per KC block. For float32 output
 *   this rounds to float32 once per 256 terms (k ≤ 256: once in total) — still far more accurate
 *   than a float32 BLAS, which rounds after every multiply-add.
 * - Only skinny products take the unpacked loops of gemm-skinny.ts (m ≤ 2 rows, n = 1 column,
 *   and the X·w / gᵀ·X shapes of linear models): there packing costs as much as the multiply
 *   and most of the 4×3 tile would be padding.
 *   Everything else, even 4×4·4×4, was measured faster packed (the direct loop reaches only
 *   ~1.2–1.9 GFLOPS: one load/store pair per multiply-add), so there is no small-size cut-off.
 */

import type { FloatArray } from '../dtype.js';
import { skinnyGemm } from './gemm-skinny.js';

export type { FloatArray };

const MR = 4; // rows of the register tile
const NR = 3; // columns of the register tile
const KC = 256; // depth of one packed panel: KC×NR of B (6 KiB) fits L1 next to a few A rows
const MC = 64; // rows per packed A block: MC×KC doubles = 128 KiB, well inside L2
const NC = 768; // columns per packed B panel (multiple of NR): KC×NC doubles = 1.5 MiB

// Module-level scratch, grown on demand and reused: no allocation per call after warm-up.
let packA = new Float64Array(0);
let packB = new Float64Array(0);
const tile = new Float64Array(MR * NR);

/**
 * C[m×n] = A[m×k] · B[k×n] (overwrites C). Element (i,p) of A is
 * a[aOff + i*aRowStride + p*aColStride]; element (p,j) of B is b[bOff + p*bRowStride + j*bColStride];
 * C is contiguous row-major at c[cOff + i*n + j]. Strides give A·Bᵀ and Aᵀ·B without copies.
 */
export function gemm(
  m: number,
  n: number,
  k: number,
  a: FloatArray,
  aOff: number,
  aRowStride: number,
  aColStride: number,
  b: FloatArray,
  bOff: number,
  bRowStride: number,
  bColStride: number,
  c: FloatArray,
  cOff: number,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    c.fill(0, cOff, cOff + m * n);
    return;
  }
  if (skinnyGemm(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, c, cOff)) return;
  const needB = KC * Math.min(NC, Math.ceil(n / NR) * NR);
  if (packB.length < needB) packB = new Float64Array(needB);
  const needA = KC * Math.min(MC, Math.ceil(m / MR) * MR);
  if (packA.length < needA) packA = new Float64Array(needA);
  const ap = packA;
  const bp = packB;
  const out = tile;

  for (let pc = 0; pc < k; pc += KC) {
    const kc = Math.min(KC, k - pc);
    const first = pc === 0; // first panel overwrites C, later ones add to it
    for (let jc = 0; jc < n; jc += NC) {
      const nc = Math.min(NC, n - jc);
      const nStrips = Math.ceil(nc / NR);
      packPanelB(kc, nc, b, bOff + pc * bRowStride + jc * bColStride, bRowStride, bColStride, bp);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        const mStrips = Math.ceil(mc / MR);
        packBlockA(mc, kc, a, aOff + ic * aRowStride + pc * aColStride, aRowStride, aColStride, ap);
        for (let js = 0; js < nStrips; js++) {
          const j0 = jc + js * NR;
          const nj = Math.min(NR, n - j0);
          const bStart = js * NR * kc;
          for (let is = 0; is < mStrips; is++) {
            const i0 = ic + is * MR;
            const mi = Math.min(MR, m - i0);
            kernel4x3(kc, ap, is * MR * kc, bp, bStart, out);
            storeTile(mi, nj, out, c, cOff + i0 * n + j0, n, first);
          }
        }
      }
    }
  }
}

/**
 * Packs B[0..kc, 0..nc] (already offset) into strips of NR columns: strip s holds, for each p,
 * the NR values B[p, s*NR .. s*NR+NR-1] consecutively. Columns past nc are zero.
 */
function packPanelB(
  kc: number,
  nc: number,
  b: FloatArray,
  off: number,
  rs: number,
  cs: number,
  bp: Float64Array,
): void {
  const full = Math.floor(nc / NR);
  let d = 0;
  for (let s = 0; s < full; s++) {
    let src = off + s * NR * cs;
    for (let p = 0; p < kc; p++) {
      bp[d] = b[src]!;
      bp[d + 1] = b[src + cs]!;
      bp[d + 2] = b[src + 2 * cs]!;
      d += NR;
      src += rs;
    }
  }
  const rest = nc - full * NR;
  if (rest > 0) {
    let src = off + full * NR * cs;
    for (let p = 0; p < kc; p++) {
      for (let jj = 0; jj < NR; jj++) bp[d + jj] = jj < rest ? b[src + jj * cs]! : 0;
      d += NR;
      src += rs;
    }
  }
}

/**
 * Packs A[0..mc, 0..kc] (already offset) into strips of MR rows: strip s holds, for each p,
 * A[s*MR .. s*MR+MR-1, p] consecutively. Rows past mc are zero.
 */
function packBlockA(
  mc: number,
  kc: number,
  a: FloatArray,
  off: number,
  rs: number,
  cs: number,
  ap: Float64Array,
): void {
  const full = Math.floor(mc / MR);
  let d = 0;
  for (let s = 0; s < full; s++) {
    let src = off + s * MR * rs;
    for (let p = 0; p < kc; p++) {
      ap[d] = a[src]!;
      ap[d + 1] = a[src + rs]!;
      ap[d + 2] = a[src + 2 * rs]!;
      ap[d + 3] = a[src + 3 * rs]!;
      d += MR;
      src += cs;
    }
  }
  const rest = mc - full * MR;
  if (rest > 0) {
    let src = off + full * MR * rs;
    for (let p = 0; p < kc; p++) {
      for (let ii = 0; ii < MR; ii++) ap[d + ii] = ii < rest ? a[src + ii * rs]! : 0;
      d += MR;
      src += cs;
    }
  }
}

/** out[4×3] = (packed A strip) · (packed B strip) over kc. 12 accumulators + 4 a + 1 b in xmm. */
function kernel4x3(
  kc: number,
  ap: Float64Array,
  ai: number,
  bp: Float64Array,
  bi: number,
  out: Float64Array,
): void {
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  let c20 = 0;
  let c21 = 0;
  let c22 = 0;
  let c30 = 0;
  let c31 = 0;
  let c32 = 0;
  for (let p = 0; p < kc; p++) {
    const a0 = ap[ai]!;
    const a1 = ap[ai + 1]!;
    const a2 = ap[ai + 2]!;
    const a3 = ap[ai + 3]!;
    let b = bp[bi]!;
    c00 += a0 * b;
    c10 += a1 * b;
    c20 += a2 * b;
    c30 += a3 * b;
    b = bp[bi + 1]!;
    c01 += a0 * b;
    c11 += a1 * b;
    c21 += a2 * b;
    c31 += a3 * b;
    b = bp[bi + 2]!;
    c02 += a0 * b;
    c12 += a1 * b;
    c22 += a2 * b;
    c32 += a3 * b;
    ai += MR;
    bi += NR;
  }
  out[0] = c00;
  out[1] = c01;
  out[2] = c02;
  out[3] = c10;
  out[4] = c11;
  out[5] = c12;
  out[6] = c20;
  out[7] = c21;
  out[8] = c22;
  out[9] = c30;
  out[10] = c31;
  out[11] = c32;
}

/** Writes (or adds) the valid mi×nj corner of a register tile into row-major C. */
function storeTile(
  mi: number,
  nj: number,
  out: Float64Array,
  c: FloatArray,
  ci: number,
  ldc: number,
  overwrite: boolean,
): void {
  for (let ii = 0; ii < mi; ii++) {
    const t = ii * NR;
    if (overwrite) for (let jj = 0; jj < nj; jj++) c[ci + jj] = out[t + jj]!;
    else for (let jj = 0; jj < nj; jj++) c[ci + jj] = c[ci + jj]! + out[t + jj]!;
    ci += ldc;
  }
}
