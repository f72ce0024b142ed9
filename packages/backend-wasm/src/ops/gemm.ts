/**
 * gemm through the WebAssembly kernels: the packed SIMD gemm (float32 and float64), split by
 * rows or columns over the threads, and the streamed skinny products of linear models (float32).
 */
import type { Context } from './context.js';
import type { FloatArray } from '../memory.js';
import type { Share } from '../threads.js';

/** Below this many multiply-adds the CPU kernel is faster than copying into WebAssembly (measured, see README). */
export const GEMM_MIN_WORK = 4096;
/** From this many multiply-adds on, a gemm is split over the threads (a share costs ~10–30 µs to hand over). */
export const GEMM_PARALLEL_WORK = 1 << 19;
/** Bytes of X copied per block by the streamed skinny products: L2-resident while it is used. */
const STREAM_BLOCK_BYTES = 128 * 1024;

/** The index range [lo, hi] an (r × c) operand read through (rs, cs) strides from `off` touches. */
function span(off: number, r: number, c: number, rs: number, cs: number): [number, number] {
  const a = (r - 1) * rs;
  const b = (c - 1) * cs;
  return [off + Math.min(0, a) + Math.min(0, b), off + Math.max(0, a) + Math.max(0, b) + 1];
}

/** Copies what an operand reads into scratch; returns the address of its element (0, 0). */
function operand(ctx: Context, x: FloatArray, off: number, r: number, c: number, rs: number, cs: number): number {
  const [lo, hi] = span(off, r, c, rs, cs);
  return ctx.heap.copyIn(x, lo, hi) + (off - lo) * x.BYTES_PER_ELEMENT;
}

/** Splits [0, total) into `parts` ranges whose bounds are multiples of `step` (the last takes the rest). */
function splitRange(total: number, parts: number, step: number): [number, number][] {
  const out: [number, number][] = [];
  const chunk = Math.ceil(total / parts / step) * step;
  for (let lo = 0; lo < total; lo += chunk) out.push([lo, Math.min(total, lo + chunk)]);
  return out;
}

/** C = A·B with the packed kernel; the caller has checked dtypes (a, b, c all float32 or all float64). */
export function packedGemm(
  ctx: Context, m: number, n: number, k: number,
  a: FloatArray, aOff: number, ars: number, acs: number,
  b: FloatArray, bOff: number, brs: number, bcs: number,
  c: FloatArray, cOff: number,
): void {
  const { heap, ex, pool } = ctx;
  const f32 = c instanceof Float32Array;
  heap.reset();
  const pa = operand(ctx, a, aOff, m, k, ars, acs);
  const pb = operand(ctx, b, bOff, k, n, brs, bcs);
  const pc = heap.alloc(m * n * c.BYTES_PER_ELEMENT);
  const kernel = f32 ? 'gemmF32' : 'gemmF64';
  const run = f32 ? ex.gemmF32 : ex.gemmF64;
  const threads = pool === null || m * n * k < GEMM_PARALLEL_WORK ? 1 : pool.size + 1;
  if (threads === 1) {
    run(0, m, 0, n, k, pa, ars, acs, pb, brs, bcs, pc, n, heap.workBase);
  } else {
    // Split the longer side: each thread packs the whole of the other operand, so this keeps the
    // repeated packing on the smaller one. Bounds stay multiples of the register tile.
    const byRows = m >= n;
    const ranges = splitRange(byRows ? m : n, threads, byRows ? 4 : f32 ? 8 : 4);
    const args = ranges.map(([lo, hi], t): number[] =>
      byRows
        ? [lo, hi, 0, n, k, pa, ars, acs, pb, brs, bcs, pc, n, heap.workBase + t * heap.workBytes]
        : [0, m, lo, hi, k, pa, ars, acs, pb, brs, bcs, pc, n, heap.workBase + t * heap.workBytes],
    );
    const own = args[0]!;
    const shares: Share[] = args.slice(1).map((s) => ({ kernel, args: s }));
    pool!.run(shares, () => run(own[0]!, own[1]!, own[2]!, own[3]!, own[4]!, own[5]!, own[6]!, own[7]!, own[8]!, own[9]!, own[10]!, own[11]!, own[12]!, own[13]!));
  }
  heap.copyOut(pc, c, cOff, m * n);
}

/**
 * C = X·W for n ≤ 4 columns, X's rows contiguous and W's columns contiguous (float32): X is
 * copied in blocks of rows and each block multiplied while it is in cache, so X crosses memory
 * once.
 */
export function streamDotRows(
  ctx: Context, m: number, n: number, k: number,
  a: Float32Array, aOff: number, ars: number,
  b: Float32Array, bOff: number, bcs: number,
  c: Float32Array, cOff: number,
): void {
  const { heap, ex } = ctx;
  heap.reset();
  const pb = operand(ctx, b, bOff, k, n, 1, bcs);
  const pc = heap.alloc(m * n * 4);
  const rowsPerBlock = Math.max(1, Math.floor(STREAM_BLOCK_BYTES / (4 * Math.max(ars, k))));
  const block = heap.alloc(((rowsPerBlock - 1) * ars + k) * 4);
  for (let r0 = 0; r0 < m; r0 += rowsPerBlock) {
    const rows = Math.min(rowsPerBlock, m - r0);
    const lo = aOff + r0 * ars;
    heap.f32.set(a.subarray(lo, lo + (rows - 1) * ars + k), block / 4);
    ex.dotRowsF32(rows, n, k, block, ars, pb, bcs, pc + r0 * n * 4);
  }
  heap.copyOut(pc, c, cOff, m * n);
}

/**
 * C = Gᵀ·X for m ≤ 4 rows, X's rows contiguous (float32): X streamed in blocks of rows as in
 * streamDotRows, the sums kept in f64.
 */
export function streamRows(
  ctx: Context, m: number, n: number, k: number,
  a: Float32Array, aOff: number, ars: number, acs: number,
  b: Float32Array, bOff: number, brs: number,
  c: Float32Array, cOff: number,
): void {
  const { heap, ex } = ctx;
  heap.reset();
  const pa = operand(ctx, a, aOff, m, k, ars, acs);
  const acc = heap.alloc(m * n * 8);
  heap.f64.fill(0, acc / 8, acc / 8 + m * n);
  const part = heap.alloc(m * n * 4);
  const pc = heap.alloc(m * n * 4);
  const rowsPerBlock = Math.max(1, Math.floor(STREAM_BLOCK_BYTES / (4 * Math.max(brs, n))));
  const block = heap.alloc(((rowsPerBlock - 1) * brs + n) * 4);
  for (let p0 = 0; p0 < k; p0 += rowsPerBlock) {
    const rows = Math.min(rowsPerBlock, k - p0);
    const lo = bOff + p0 * brs;
    heap.f32.set(b.subarray(lo, lo + (rows - 1) * brs + n), block / 4);
    ex.streamRowsF32(m, n, rows, p0, pa, ars, acs, block, brs, acc, part);
  }
  ex.storeF64AsF32(acc, pc, m * n);
  heap.copyOut(pc, c, cOff, m * n);
}
