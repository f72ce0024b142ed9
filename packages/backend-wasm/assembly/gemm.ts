// General matrix multiply, BLIS-style, for f32 (f32x4) and f64 (f64x2) from one generic source,
// in two phases so that threads share one packed copy of B:
//
//   PACK_B:   B[0..k, n0..n1) into panels of KC rows × strips of NR columns (zero-padded)
//   MULTIPLY: rows [m0, m1) × columns [n0, n1) of C (a thread's share) from the packed B:
//     for jc in [n0, n1), step NC          (KC×NC of packed B, 512 KiB, stays in L2)
//       for pc in k, step KC
//         for ic in [m0, m1), step MC
//           pack A[ic.., pc..] into strips of MR rows (zero-padded)
//           for each NR strip of B         (KC×NR: stays in L1 across the A strips)
//             for each MR strip of A: micro-kernel → MR×NR tile of C
//
// With B packed per chunk of C instead, every chunk of rows packed all of B again (8 times at
// 1024³ on 2 threads); now each element of B is packed once and each of A once per jc.
//
// The micro-kernel is XNNPACK's wasmsimd "loadsplat" gemm: per k step two v128 loads of B, one
// splat load per row of A, a mul then an add per v128 (WebAssembly SIMD128 has no fused
// multiply-add). Tile 4 rows × 2 v128 (4×8 f32, 4×4 f64): 8 accumulators, 2 B vectors, an A
// splat and the product in 12 of x64's 16 xmm registers (V8 keeps one for itself). Measured on
// the kernel alone (AMD EPYC Zen 4, Node 20): 4×8 46 GFLOPS, 5×8 and 6×8 38 (spills), 3×8 43.

import { at, vadd, vmul, vzero } from './simd';

/** Rows of the register tile. */
const MR: i32 = 4;
/** Columns of the register tile: two v128. */
// @ts-ignore: decorator
@inline function nr<T>(): i32 { return 32 / sizeof<T>(); }
/** Depth of a packed panel: a KC×NR strip of B is 8 KiB (f32 and f64); f64 results match the CPU backend's, which sums k in the same panels. */
const KC: i32 = 256;
/** Rows of a packed A block: MC×KC is 192 KiB (f32: 192 rows, f64: 96 rows), in L2. */
// @ts-ignore: decorator
@inline function mc<T>(): i32 { return sizeof<T>() == 4 ? 192 : 96; }
/** Columns of packed B a pass over A uses: KC×NC is 512 KiB (f32: 512, f64: 256). 1 MiB panels fell to 18 GFLOPS at 1024³. */
// @ts-ignore: decorator
@inline function nc<T>(): i32 { return sizeof<T>() == 4 ? 512 : 256; }

/** gemm's phases (bits): pack B's columns [n0, n1); multiply C[m0..m1, n0..n1) by the packed B. */
export const PACK_B: i32 = 1;
export const MULTIPLY: i32 = 2;

/** Bytes of per-thread scratch gemm<T> needs: packed A block and edge tile. */
export function gemmWorkBytes(): i32 {
  return 192 * KC * 4 + MR * 8 * 4;
}

/**
 * C[i, j] = Σ_p A[i, p]·B[p, j], phase by phase (PACK_B | MULTIPLY). Element (i, p) of A is
 * element i·ars + p·acs of the array at `a`, (p, j) of B is p·brs + j·bcs from `b`; C is
 * row-major, n columns. PACK_B writes columns [n0, n1) of B into `pb` (k × n rounded up to NR
 * elements); MULTIPLY computes C[m0..m1, n0..n1) from `pb`, which must hold those columns.
 * n0 is a multiple of NR. `work` is this thread's gemmWorkBytes() of scratch.
 */
export function gemm<T>(
  m0: i32, m1: i32, n0: i32, n1: i32, n: i32, k: i32,
  a: usize, ars: i32, acs: i32,
  b: usize, brs: i32, bcs: i32,
  c: usize,
  pb: usize, phases: i32, work: usize,
): void {
  const ldc = n;
  const NR = nr<T>();
  const np = (n + NR - 1) / NR * NR;
  if (phases & PACK_B) {
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      // Panel pc holds kc rows of np columns: strip s (columns s..s+NR−1) at s·kc.
      packPanelB<T>(kc, n1 - n0, at<T>(b, pc * brs + n0 * bcs), brs, bcs, at<T>(pb, pc * np + n0 * kc));
    }
  }
  if (!(phases & MULTIPLY)) return;
  if (k <= 0) {
    for (let i = m0; i < m1; i++) memory.fill(at<T>(c, i * ldc + n0), 0, <usize>(n1 - n0) << alignof<T>());
    return;
  }
  const MC = mc<T>();
  const NC = nc<T>();
  const packA = work;
  const tile = at<T>(packA, MC * KC);
  for (let jc = n0; jc < n1; jc += NC) {
    const ncb = min(NC, n1 - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      const accumulate = pc > 0;
      const panel = at<T>(pb, pc * np + jc * kc);
      for (let ic = m0; ic < m1; ic += MC) {
        const mcb = min(MC, m1 - ic);
        packBlockA<T>(mcb, kc, at<T>(a, ic * ars + pc * acs), ars, acs, packA);
        for (let js = 0; js < ncb; js += NR) {
          const nj = min(NR, ncb - js);
          const ct = at<T>(c, ic * ldc + jc + js);
          if (nj == NR) stripKernel<T>(kc, mcb, packA, at<T>(panel, js * kc), ct, ldc, accumulate, tile);
          else for (let is = 0; is < mcb; is += MR) {
            kernelEdge<T>(kc, at<T>(packA, is * kc), at<T>(panel, js * kc), at<T>(ct, is * ldc), ldc, min(MR, mcb - is), nj, accumulate, tile);
          }
        }
      }
    }
  }
}

/** Packs B[0..kc, 0..ncb] into strips of NR columns: strip s holds, per p, B[p, s·NR .. s·NR+NR−1]. */
function packPanelB<T>(kc: i32, ncb: i32, b: usize, rs: i32, cs: i32, dst: usize): void {
  const NR = nr<T>();
  const full = ncb - ncb % NR;
  const rowStep = <usize>rs << alignof<T>();
  if (cs == 1) {
    // Rows of B are contiguous: two v128 per p.
    for (let s = 0; s < full; s += NR) {
      let src = at<T>(b, s);
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        dst += 32;
        src += rowStep;
      }
    }
  } else if (rs == 1 && sizeof<T>() == 4) {
    // Bᵀ stored row-major (x·Wᵀ in a linear layer): columns of B are contiguous, so 4 steps of a
    // strip are 8 column loads and two 4×4 transposes instead of 32 scalar loads and stores.
    const col = <usize>cs << 2;
    for (let s = 0; s < full; s += NR) {
      let src = at<T>(b, s * cs);
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        transpose4x4(src, col, dst, 32);
        transpose4x4(src + 4 * col, col, dst + 16, 32);
        dst += 128;
        src += 16;
      }
      for (; p < kc; p++) {
        for (let jj = 0; jj < NR; jj++) store<T>(at<T>(dst, jj), load<T>(src + jj * col));
        dst += 32;
        src += 4;
      }
    }
  } else {
    for (let s = 0; s < full; s += NR) {
      let src = at<T>(b, s * cs);
      for (let p = 0; p < kc; p++) {
        for (let jj = 0; jj < NR; jj++) store<T>(at<T>(dst, jj), load<T>(at<T>(src, jj * cs)));
        dst += 32;
        src += rowStep;
      }
    }
  }
  const rest = ncb - full;
  if (rest > 0) {
    let src = at<T>(b, full * cs);
    for (let p = 0; p < kc; p++) {
      for (let jj = 0; jj < NR; jj++) store<T>(at<T>(dst, jj), jj < rest ? load<T>(at<T>(src, jj * cs)) : <T>0);
      dst += 32;
      src += rowStep;
    }
  }
}

/** Stores the 4×4 f32 block whose columns start at src, src + col, … as 4 rows `step` bytes apart. */
// @ts-ignore: decorator
@inline function transpose4x4(src: usize, col: usize, dst: usize, step: usize): void {
  const c0 = v128.load(src);
  const c1 = v128.load(src + col);
  const c2 = v128.load(src + 2 * col);
  const c3 = v128.load(src + 3 * col);
  const lo01 = v128.shuffle<f32>(c0, c1, 0, 4, 1, 5);
  const lo23 = v128.shuffle<f32>(c2, c3, 0, 4, 1, 5);
  const hi01 = v128.shuffle<f32>(c0, c1, 2, 6, 3, 7);
  const hi23 = v128.shuffle<f32>(c2, c3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(lo01, lo23, 0, 1, 4, 5));
  v128.store(dst + step, v128.shuffle<f32>(lo01, lo23, 2, 3, 6, 7));
  v128.store(dst + 2 * step, v128.shuffle<f32>(hi01, hi23, 0, 1, 4, 5));
  v128.store(dst + 3 * step, v128.shuffle<f32>(hi01, hi23, 2, 3, 6, 7));
}

/** Packs A[0..mcb, 0..kc] into strips of MR rows: strip s holds, per p, A[s·MR .. s·MR+3, p]. */
function packBlockA<T>(mcb: i32, kc: i32, a: usize, rs: i32, cs: i32, dst: usize): void {
  const row = <usize>rs << alignof<T>();
  const col = <usize>cs << alignof<T>();
  const size = sizeof<T>();
  for (let s = 0; s < mcb; s += MR) {
    const rows = min(MR, mcb - s);
    let src = at<T>(a, s * rs);
    if (rows == MR && rs == 1) {
      // Aᵀ stored row-major (gᵀ·X in a backward pass): the MR values of a step are contiguous.
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src));
        if (size == 8) v128.store(dst, v128.load(src, 16), 16);
        dst += MR * size;
        src += col;
      }
    } else if (rows == MR && cs == 1 && size == 4) {
      // Rows of A contiguous (the usual x·W): 4 steps are 4 row loads and a 4×4 transpose.
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        transpose4x4(src, row, dst, 16);
        dst += 64;
        src += 16;
      }
      for (; p < kc; p++) {
        store<T>(dst, load<T>(src));
        store<T>(dst + size, load<T>(src + row));
        store<T>(dst + 2 * size, load<T>(src + 2 * row));
        store<T>(dst + 3 * size, load<T>(src + 3 * row));
        dst += MR * size;
        src += col;
      }
    } else if (rows == MR) {
      for (let p = 0; p < kc; p++) {
        store<T>(dst, load<T>(src));
        store<T>(dst + size, load<T>(src + row));
        store<T>(dst + 2 * size, load<T>(src + 2 * row));
        store<T>(dst + 3 * size, load<T>(src + 3 * row));
        dst += MR * size;
        src += col;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let ii = 0; ii < MR; ii++) store<T>(at<T>(dst, ii), ii < rows ? load<T>(src + ii * row) : <T>0);
        dst += MR * size;
        src += col;
      }
    }
  }
}

// @ts-ignore: decorator
@inline function update<T>(ct: usize, acc0: v128, acc1: v128, accumulate: bool): void {
  if (accumulate) {
    acc0 = vadd<T>(acc0, v128.load(ct));
    acc1 = vadd<T>(acc1, v128.load(ct, 16));
  }
  v128.store(ct, acc0);
  v128.store(ct, acc1, 16);
}

// @ts-ignore: decorator
@inline function madd<T>(acc: v128, a: v128, b: v128): v128 {
  return vadd<T>(acc, vmul<T>(a, b));
}

/**
 * One full-width B strip against the mcb rows of the packed A block: the tiles of C it touches,
 * top to bottom. A function of its own: V8 then keeps every pointer in a register (inlined into
 * gemm, kc was reloaded from the stack every step), and a call per strip rather than per tile
 * costs nothing even when kc is small (k = 10 in a backward pass).
 */
function stripKernel<T>(kc: i32, mcb: i32, ap: usize, bp: usize, ct: usize, ldc: i32, accumulate: bool, tile: usize): void {
  const full = mcb & ~(MR - 1);
  const stripA = <usize>(kc * MR) << alignof<T>();
  const tileRows = <usize>(MR * ldc) << alignof<T>();
  for (let is = 0; is < full; is += MR) {
    kernel<T>(kc, ap, bp, ct, ldc, accumulate);
    ap += stripA;
    ct += tileRows;
  }
  if (full < mcb) kernelEdge<T>(kc, ap, bp, ct, ldc, mcb - full, nr<T>(), accumulate, tile);
}

/**
 * C[4 × 2 v128] (+)= packed A strip · packed B strip over kc. Two k steps per pass, each load addressed with an immediate
 * offset (V8 folds it into the instruction; `ap + 4` would be a separate 32-bit add), and the
 * loop runs on the B pointer: the loop costs 3 scalar instructions per 2 steps, which matters
 * because 8 mul + 8 add + 6 loads per step already come close to Zen 4's 6-wide dispatch.
 */
// @ts-ignore: decorator
@inline function kernel<T>(kc: i32, ap: usize, bp: usize, ct: usize, ldc: i32, accumulate: bool): void {
  const s = sizeof<T>();
  let c00 = vzero(), c01 = vzero();
  let c10 = vzero(), c11 = vzero();
  let c20 = vzero(), c21 = vzero();
  let c30 = vzero(), c31 = vzero();
  // Four k steps per pass with an exit test after each: the branches keep V8 from hoisting the
  // next step's loads above this step's arithmetic (12 live loads spill), and the loop's own
  // pointer add, compare and stack check come once per 4 steps (2 steps per pass: 2% slower).
  const last = bp + (<usize>(kc - 1) << 5);
  let b0: v128, b1: v128, a: v128;
  for (;;) {
    b0 = v128.load(bp, 0);
    b1 = v128.load(bp, 16);
    a = v128.load_splat<T>(ap);
    c00 = madd<T>(c00, a, b0);
    c01 = madd<T>(c01, a, b1);
    a = v128.load_splat<T>(ap, sizeof<T>());
    c10 = madd<T>(c10, a, b0);
    c11 = madd<T>(c11, a, b1);
    a = v128.load_splat<T>(ap, 2 * sizeof<T>());
    c20 = madd<T>(c20, a, b0);
    c21 = madd<T>(c21, a, b1);
    a = v128.load_splat<T>(ap, 3 * sizeof<T>());
    c30 = madd<T>(c30, a, b0);
    c31 = madd<T>(c31, a, b1);
    ap += 4 * s;
    if (bp == last) break;
    b0 = v128.load(bp, 32);
    b1 = v128.load(bp, 48);
    a = v128.load_splat<T>(ap);
    c00 = madd<T>(c00, a, b0);
    c01 = madd<T>(c01, a, b1);
    a = v128.load_splat<T>(ap, sizeof<T>());
    c10 = madd<T>(c10, a, b0);
    c11 = madd<T>(c11, a, b1);
    a = v128.load_splat<T>(ap, 2 * sizeof<T>());
    c20 = madd<T>(c20, a, b0);
    c21 = madd<T>(c21, a, b1);
    a = v128.load_splat<T>(ap, 3 * sizeof<T>());
    c30 = madd<T>(c30, a, b0);
    c31 = madd<T>(c31, a, b1);
    ap += 4 * s;
    if (bp + 32 == last) break;
    b0 = v128.load(bp, 64);
    b1 = v128.load(bp, 80);
    a = v128.load_splat<T>(ap);
    c00 = madd<T>(c00, a, b0);
    c01 = madd<T>(c01, a, b1);
    a = v128.load_splat<T>(ap, sizeof<T>());
    c10 = madd<T>(c10, a, b0);
    c11 = madd<T>(c11, a, b1);
    a = v128.load_splat<T>(ap, 2 * sizeof<T>());
    c20 = madd<T>(c20, a, b0);
    c21 = madd<T>(c21, a, b1);
    a = v128.load_splat<T>(ap, 3 * sizeof<T>());
    c30 = madd<T>(c30, a, b0);
    c31 = madd<T>(c31, a, b1);
    ap += 4 * s;
    if (bp + 64 == last) break;
    b0 = v128.load(bp, 96);
    b1 = v128.load(bp, 112);
    a = v128.load_splat<T>(ap);
    c00 = madd<T>(c00, a, b0);
    c01 = madd<T>(c01, a, b1);
    a = v128.load_splat<T>(ap, sizeof<T>());
    c10 = madd<T>(c10, a, b0);
    c11 = madd<T>(c11, a, b1);
    a = v128.load_splat<T>(ap, 2 * sizeof<T>());
    c20 = madd<T>(c20, a, b0);
    c21 = madd<T>(c21, a, b1);
    a = v128.load_splat<T>(ap, 3 * sizeof<T>());
    c30 = madd<T>(c30, a, b0);
    c31 = madd<T>(c31, a, b1);
    ap += 4 * s;
    bp += 128;
    if (bp > last) break;
  }
  const row = <usize>ldc << alignof<T>();
  update<T>(ct, c00, c01, accumulate);
  update<T>(ct + row, c10, c11, accumulate);
  update<T>(ct + 2 * row, c20, c21, accumulate);
  update<T>(ct + 3 * row, c30, c31, accumulate);
}

/** A partial tile at the bottom or right edge: the full kernel into scratch, then the valid mi×nj corner. */
function kernelEdge<T>(kc: i32, ap: usize, bp: usize, ct: usize, ldc: i32, mi: i32, nj: i32, accumulate: bool, tile: usize): void {
  const NR = nr<T>();
  kernel<T>(kc, ap, bp, tile, NR, false);
  for (let ii = 0; ii < mi; ii++) {
    const src = at<T>(tile, ii * NR);
    const dst = at<T>(ct, ii * ldc);
    for (let jj = 0; jj < nj; jj++) {
      const v = load<T>(at<T>(src, jj));
      const o = at<T>(dst, jj);
      store<T>(o, accumulate ? load<T>(o) + v : v);
    }
  }
}
