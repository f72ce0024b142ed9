/**
 * gemm through the WebAssembly kernels: the packed SIMD gemm (float32 and float64), split by
 * rows or columns over the threads, and the streamed skinny products of linear models (float32).
 */
import type { Context } from './context.js';
import type { FloatArray } from '../memory.js';

/** Below this many multiply-adds the CPU kernel is as fast as copying into WebAssembly (8³: 12 µs on the CPU, 1.4 µs here). */
export const GEMM_MIN_WORK = 512;
/**
 * From this many multiply-adds on (~0.1 ms on one thread), a gemm is split over the threads:
 * handing a share to a worker that has gone to sleep costs a futex wake-up, tens of µs on an idle
 * machine and up to a millisecond on a loaded one, which 128×784·784×10 (1M) did not repay.
 */
export const GEMM_PARALLEL_WORK = 1 << 22;
/** Bytes of X copied per block by the streamed skinny products: L2-resident while it is used. */
const STREAM_BLOCK_BYTES = 128 * 1024;
/**
 * With a worker, from this many elements of X on, a block is multiplied on the worker while the
 * calling thread copies the next one in (the copy is as long as the product). Blocks are then
 * larger, to pay for the hand-over; the other core reads them from the shared L3.
 */
const PIPELINE_MIN = 1 << 20;
const PIPELINE_BLOCK_BYTES = 512 * 1024;

/** The index range [lo, hi] an (r × c) operand read through (rs, cs) strides from `off` touches. */
function span(off: number, r: number, c: number, rs: number, cs: number): [number, number] {
  const a = (r - 1) * rs;
  const b = (c - 1) * cs;
  return [off + Math.min(0, a) + Math.min(0, b), off + Math.max(0, a) + Math.max(0, b) + 1];
}

/**
 * Over a held X, the skinny products are cut into chunks of this many elements of X for the
 * threads (about 1 MB: a few per thread for balance, each long enough to pay for its hand-over).
 * Fixed, not per thread count, so that the sums are the same with 1 thread or 2.
 */
const HELD_CHUNK_ELEMENTS = 1 << 18;

/** Copies what an operand reads into scratch (unless it is held there already); returns the address of its element (0, 0). */
function operand(ctx: Context, x: FloatArray, off: number, r: number, c: number, rs: number, cs: number): number {
  const held = ctx.heap.resident(x);
  if (held >= 0) return held + off * x.BYTES_PER_ELEMENT;
  const [lo, hi] = span(off, r, c, rs, cs);
  return ctx.heap.copyIn(x, lo, hi) + (off - lo) * x.BYTES_PER_ELEMENT;
}

/** gemm's phases (assembly/gemm.ts): pack B's columns [n0, n1); multiply C[m0..m1, n0..n1) by the packed B. */
const PACK_B = 1;
const MULTIPLY = 2;
/** Rows of the kernel's register tile; its columns are two v128 (NR: 8 float32, 4 float64). */
const MR = 4;

/** C = A·B with the packed kernel; the caller has checked dtypes (a, b, c all float32 or all float64). */
export function packedGemm(
  ctx: Context, m: number, n: number, k: number,
  a: FloatArray, aOff: number, ars: number, acs: number,
  b: FloatArray, bOff: number, brs: number, bcs: number,
  c: FloatArray, cOff: number,
): void {
  const { heap, ex, pool } = ctx;
  const f32 = c instanceof Float32Array;
  const size = c.BYTES_PER_ELEMENT;
  heap.reset();
  const pa = operand(ctx, a, aOff, m, k, ars, acs);
  const pb = operand(ctx, b, bOff, k, n, brs, bcs);
  const pc = heap.alloc(m * n * size);
  const nr = f32 ? 8 : 4;
  const packed = heap.alloc(k * Math.ceil(n / nr) * nr * size);
  const threads = pool === null || m * n * k < GEMM_PARALLEL_WORK ? 1 : pool.size + 1;
  if (threads === 1) {
    (f32 ? ex.gemmF32 : ex.gemmF64)(0, m, 0, n, n, k, pa, ars, acs, pb, brs, bcs, pc, packed, PACK_B | MULTIPLY, heap.workBase);
  } else {
    // B is packed once, its columns split over the threads, then shared: each chunk of C packs
    // only its own rows of A. Chunks are claimed dynamically and stay multiples of the register
    // tile: about four per thread to pack B, eight per thread to multiply (a worker the
    // hypervisor stalls holds up the end by one small chunk; W4 medians 45–59 GFLOPS against
    // 39–50 with four, in runs on a shared machine). Rows are cut unless there are too few of them to share
    // (cutting columns packs all of A once per chunk).
    const kernel = f32 ? 'gemmF32' : 'gemmF64';
    // The work area (last) and the cut range (m0, m1 or n0, n1) are set per chunk.
    const args = (phases: number) => [0, m, 0, n, n, k, pa, ars, acs, pb, brs, bcs, pc, packed, phases, 0];
    const cut = (extent: number, tile: number, per = 4) => Math.max(tile, Math.ceil(extent / (per * threads) / tile) * tile);
    const work = { workBase: heap.workBase, workBytes: heap.workBytes };
    pool!.run({ kernel, args: args(PACK_B), byRows: false, extent: n, step: cut(n, nr), ...work }, ctx.threadKernels);
    const byRows = m >= n || m >= 8 * threads * MR;
    const extent = byRows ? m : n;
    pool!.run({ kernel, args: args(MULTIPLY), byRows, extent, step: cut(extent, byRows ? MR : nr, 8), ...work }, ctx.threadKernels);
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
  const held = heap.resident(a);
  if (held >= 0) {
    // X is in memory already: no copies to overlap, just rows to share out.
    const pa = held + aOff * 4;
    const step = Math.max(1, Math.floor(HELD_CHUNK_ELEMENTS / Math.max(ars, k)));
    if (ctx.pool === null || ctx.pool.size === 0 || m <= step) ex.dotRowsF32(m, n, k, pa, ars, pb, bcs, pc);
    else {
      const args = [0, m, n, 0, k, pa, ars, 1, pb, 1, bcs, pc, n, 0];
      ctx.pool.run({ kernel: 'dotRowsRangeF32', args, byRows: true, extent: m, step, workBase: heap.workBase, workBytes: heap.workBytes }, ctx.threadKernels);
    }
    heap.copyOut(pc, c, cOff, m * n);
    return;
  }
  const pipelined = ctx.pool !== null && ctx.pool.size > 0 && m * k >= PIPELINE_MIN;
  const rowsPerBlock = Math.max(1, Math.floor((pipelined ? PIPELINE_BLOCK_BYTES : STREAM_BLOCK_BYTES) / (4 * Math.max(ars, k))));
  const blockBytes = ((rowsPerBlock - 1) * ars + k) * 4;
  const blocks = [heap.alloc(blockBytes), pipelined ? heap.alloc(blockBytes) : 0];
  const copy = (r0: number, into: number): number => {
    const rows = Math.min(rowsPerBlock, m - r0);
    const lo = aOff + r0 * ars;
    heap.f32.set(a.subarray(lo, lo + (rows - 1) * ars + k), into / 4);
    return rows;
  };
  if (!pipelined) {
    for (let r0 = 0; r0 < m; r0 += rowsPerBlock) ex.dotRowsF32(copy(r0, blocks[0]!), n, k, blocks[0]!, ars, pb, bcs, pc + r0 * n * 4);
  } else {
    const pool = ctx.pool!;
    let rows = copy(0, blocks[0]!);
    for (let r0 = 0, i = 0; r0 < m; r0 += rowsPerBlock, i ^= 1) {
      pool.post('dotRowsF32', [rows, n, k, blocks[i]!, ars, pb, bcs, pc + r0 * n * 4]);
      const next = r0 + rowsPerBlock < m ? copy(r0 + rowsPerBlock, blocks[i ^ 1]!) : 0;
      pool.finish(ctx.threadKernels);
      rows = next;
    }
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
  const held = heap.resident(b);
  if (held >= 0) {
    // X is in memory already: each chunk of its rows sums into a slot of its own, and the slots
    // are added in order, so the result does not depend on the thread that ran a chunk.
    const step = Math.max(1, Math.floor(HELD_CHUNK_ELEMENTS / Math.max(brs, n)));
    const slots = Math.ceil(k / step);
    const acc = heap.alloc(slots * m * n * 8);
    heap.f64.fill(0, acc / 8, acc / 8 + slots * m * n);
    const part = heap.alloc(slots * m * n * 4);
    const args = [0, k, m, n, step, pa, ars, acs, held + bOff * 4, brs, acc, part, 0, 0];
    if (ctx.pool === null || ctx.pool.size === 0 || slots === 1) {
      for (let p0 = 0; p0 < k; p0 += step) ex.streamRowsRangeF32(p0, Math.min(k, p0 + step), m, n, step, pa, ars, acs, held + bOff * 4, brs, acc, part, 0, 0);
    } else {
      ctx.pool.run({ kernel: 'streamRowsRangeF32', args, byRows: true, extent: k, step, workBase: heap.workBase, workBytes: heap.workBytes }, ctx.threadKernels);
    }
    const totals = heap.f64;
    const mn = m * n;
    const first = acc / 8;
    for (let s = 1; s < slots; s++) for (let t = 0; t < mn; t++) totals[first + t] = totals[first + t]! + totals[first + s * mn + t]!;
    const pc = heap.alloc(mn * 4);
    ex.storeF64AsF32(acc, pc, mn);
    heap.copyOut(pc, c, cOff, mn);
    return;
  }
  const acc = heap.alloc(m * n * 8);
  heap.f64.fill(0, acc / 8, acc / 8 + m * n);
  const part = heap.alloc(m * n * 4);
  const pc = heap.alloc(m * n * 4);
  const pipelined = ctx.pool !== null && ctx.pool.size > 0 && k * n >= PIPELINE_MIN;
  const rowsPerBlock = Math.max(1, Math.floor((pipelined ? PIPELINE_BLOCK_BYTES : STREAM_BLOCK_BYTES) / (4 * Math.max(brs, n))));
  const blockBytes = ((rowsPerBlock - 1) * brs + n) * 4;
  const blocks = [heap.alloc(blockBytes), pipelined ? heap.alloc(blockBytes) : 0];
  const copy = (p0: number, into: number): number => {
    const rows = Math.min(rowsPerBlock, k - p0);
    const lo = bOff + p0 * brs;
    heap.f32.set(b.subarray(lo, lo + (rows - 1) * brs + n), into / 4);
    return rows;
  };
  if (!pipelined) {
    for (let p0 = 0; p0 < k; p0 += rowsPerBlock) ex.streamRowsF32(m, n, copy(p0, blocks[0]!), p0, pa, ars, acs, blocks[0]!, brs, acc, part);
  } else {
    // One block is summed at a time (the totals are shared), on whichever thread claims it.
    const pool = ctx.pool!;
    let rows = copy(0, blocks[0]!);
    for (let p0 = 0, i = 0; p0 < k; p0 += rowsPerBlock, i ^= 1) {
      pool.post('streamRowsF32', [m, n, rows, p0, pa, ars, acs, blocks[i]!, brs, acc, part]);
      const next = p0 + rowsPerBlock < k ? copy(p0 + rowsPerBlock, blocks[i ^ 1]!) : 0;
      pool.finish(ctx.threadKernels);
      rows = next;
    }
  }
  ex.storeF64AsF32(acc, pc, m * n);
  heap.copyOut(pc, c, cOff, m * n);
}
