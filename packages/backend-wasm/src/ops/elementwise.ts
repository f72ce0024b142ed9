/**
 * Elementwise kernels through WebAssembly: float32 unary functions on the SIMD math, binary
 * arithmetic and comparisons for the common broadcasts, clamp. Long arrays go through in blocks
 * (copy in, compute, copy out) so scratch stays small and each block is still in cache when it
 * is copied back.
 */
import type { BinaryKernel, Shape, UnaryKernel } from '@entropic/core';
import type { Context } from './context.js';
import type { FloatArray } from '../memory.js';

/** Elements per block: 64 Ki float32 (256 KiB) in, as much out. */
const BLOCK = 65536;

/** Unary op codes of assembly/elementwise.ts. */
export const UNARY_CODE: Partial<Record<UnaryKernel, number>> = {
  neg: 0, exp: 1, log: 2, log1p: 3, sqrt: 4, abs: 5, sign: 6, sigmoid: 7, tanh: 8, relu: 9, softplus: 10, logSigmoid: 11,
};

/** Binary op codes of assembly/elementwise.ts (pow is not among them: it stays on the CPU). */
export const BINARY_CODE: Partial<Record<BinaryKernel, number>> = {
  add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5, eq: 6, gt: 7, ge: 8, lt: 9, le: 10, ne: 11,
};

export function unaryF32(ctx: Context, op: UnaryKernel, x: Float32Array, out: Float32Array): void {
  const { heap, ex } = ctx;
  const code = UNARY_CODE[op]!;
  const n = x.length;
  heap.reset();
  const len = Math.min(BLOCK, n);
  const px = heap.alloc(len * 4);
  const po = heap.alloc(len * 4);
  for (let s = 0; s < n; s += BLOCK) {
    const e = Math.min(n, s + BLOCK);
    heap.f32.set(s === 0 && e === n ? x : x.subarray(s, e), px / 4);
    ex.unaryF32(code, px, po, e - s);
    heap.copyOut(po, out, s, e - s);
  }
}

export function clampWasm(ctx: Context, x: FloatArray, lo: number, hi: number, out: FloatArray): void {
  const { heap, ex } = ctx;
  const f32 = x instanceof Float32Array;
  const size = x.BYTES_PER_ELEMENT;
  const n = x.length;
  heap.reset();
  const len = Math.min(BLOCK, n);
  const px = heap.alloc(len * size);
  const po = heap.alloc(len * size);
  const view = f32 ? heap.f32 : heap.f64;
  for (let s = 0; s < n; s += BLOCK) {
    const e = Math.min(n, s + BLOCK);
    view.set(s === 0 && e === n ? x : x.subarray(s, e), px / size);
    if (f32) ex.clampF32(px, lo, hi, po, e - s);
    else ex.clampF64(px, lo, hi, po, e - s);
    heap.copyOut(po, out, s, e - s);
  }
}

/**
 * How a binary operand is read against an output of `rows` × `cols` (cols = the output's last
 * axis): 0 full, 1 a row [cols] repeated, 2 a column [rows] repeated, 3 a scalar; −1 for any
 * other broadcast (left to the CPU).
 */
export function operandMode(shape: Shape, size: number, outShape: Shape, outSize: number): number {
  if (size === outSize) return 0;
  if (size === 1) return 3;
  const nd = outShape.length;
  const cols = outShape[nd - 1]!;
  // Row: the operand's axes, leading ones dropped, are exactly [cols].
  const rest = shape.filter((_, i) => i < shape.length - 1).every((d) => d === 1);
  if (shape.length >= 1 && shape[shape.length - 1] === cols && rest) return 1;
  // Column: same rank, last axis 1, every other axis as the output's.
  if (shape.length === nd && shape[nd - 1] === 1 && shape.every((d, i) => i === nd - 1 || d === outShape[i])) return 2;
  return -1;
}

/** out = a ∘ b with operand modes from operandMode (both ≥ 0), in blocks of whole rows. */
export function binaryWasm(
  ctx: Context, code: number, a: FloatArray, aMode: number, b: FloatArray, bMode: number, out: FloatArray, outShape: Shape,
): void {
  const { heap, ex } = ctx;
  const f32 = out instanceof Float32Array;
  const size = out.BYTES_PER_ELEMENT;
  const n = out.length;
  const cols = outShape.length === 0 ? 1 : outShape[outShape.length - 1]!;
  const rows = n / cols;
  heap.reset();
  const rowsPerBlock = Math.max(1, Math.floor(BLOCK / cols));
  const blockLen = Math.min(rows, rowsPerBlock) * cols;
  // Repeated operands (row, scalar) are copied once; the others block by block.
  const fixed = (x: FloatArray, mode: number): number => (mode === 1 || mode === 3 ? heap.copyIn(x) : -1);
  const pa0 = fixed(a, aMode);
  const pb0 = fixed(b, bMode);
  const pa = pa0 >= 0 ? pa0 : heap.alloc((aMode === 2 ? Math.min(rows, rowsPerBlock) : blockLen) * size);
  const pb = pb0 >= 0 ? pb0 : heap.alloc((bMode === 2 ? Math.min(rows, rowsPerBlock) : blockLen) * size);
  const po = heap.alloc(blockLen * size);
  const view = f32 ? heap.f32 : heap.f64;
  for (let r0 = 0; r0 < rows; r0 += rowsPerBlock) {
    const r1 = Math.min(rows, r0 + rowsPerBlock);
    if (aMode === 0) view.set(a.subarray(r0 * cols, r1 * cols), pa / size);
    else if (aMode === 2) view.set(a.subarray(r0, r1), pa / size);
    if (bMode === 0) view.set(b.subarray(r0 * cols, r1 * cols), pb / size);
    else if (bMode === 2) view.set(b.subarray(r0, r1), pb / size);
    if (f32) ex.binaryRowsF32(code, pa, aMode, pb, bMode, po, r1 - r0, cols);
    else ex.binaryRowsF64(code, pa, aMode, pb, bMode, po, r1 - r0, cols);
    heap.copyOut(po, out, r0 * cols, (r1 - r0) * cols);
  }
}
