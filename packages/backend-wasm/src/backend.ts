/**
 * The `Backend` that core's ops compute with, routing each call to the WebAssembly kernels where
 * they pay off and to core's CPU backend everywhere else (small sizes, int32, the layout kernels,
 * broadcasts other than row / column / scalar). Every threshold below was measured on the
 * README's machine; results agree with the CPU backend either way.
 */
import { type Backend, cpuBackend } from '@entropic/core';
import type { Context } from './ops/context.js';
import { GEMM_MIN_WORK, packedGemm, streamDotRows, streamRows } from './ops/gemm.js';
import { BINARY_CODE, binaryWasm, clampWasm, operandMode, unaryF32 } from './ops/elementwise.js';
import { reduceView, reduceWasm } from './ops/reduce.js';
import * as losses from './ops/losses.js';
import * as optim from './ops/optim.js';
import type { FloatArray } from './memory.js';

type UnaryKernel = Parameters<Backend['unary']>[0];
type BinaryKernel = Parameters<Backend['binary']>[0];

/** Unary functions worth the copies: the transcendental ones (Math.exp & co. cost ~5–20 ns an element in JavaScript). */
const WASM_UNARY = new Set<UnaryKernel>(['exp', 'log', 'log1p', 'sigmoid', 'tanh', 'softplus']);
/** Fewer elements than this stay on the CPU: the call and copies cost more than they save. */
const UNARY_MIN = 64;
/** Fewer output elements than this stay on the CPU for binary ops, clamp and reductions. */
const STREAM_MIN = 4096;

function isF32(x: unknown): x is Float32Array {
  return x instanceof Float32Array;
}

function isF64(x: unknown): x is Float64Array {
  return x instanceof Float64Array;
}

/** The typed-array kernels beyond core's `Backend` interface: fused losses and optimizer updates. */
export interface WasmKernels {
  bceWithLogits(...args: DropContext<typeof losses.bceWithLogits>): number;
  bceWithLogitsBackward(...args: DropContext<typeof losses.bceWithLogitsBackward>): void;
  bce(...args: DropContext<typeof losses.bce>): number;
  bceBackward(...args: DropContext<typeof losses.bceBackward>): void;
  crossEntropy(...args: DropContext<typeof losses.crossEntropy>): losses.CrossEntropyTotals;
  crossEntropyBackward(...args: DropContext<typeof losses.crossEntropyBackward>): void;
  sgdStep(...args: DropContext<typeof optim.sgdStep>): void;
  adamStep(...args: DropContext<typeof optim.adamStep>): void;
}

type DropContext<F> = F extends (ctx: Context, ...rest: infer R) => unknown ? R : never;

/** A WebAssembly backend: core's `Backend`, plus its threads, extra kernels and `dispose()`. */
export interface WasmBackend extends Backend {
  readonly name: 'wasm';
  /** Threads a large kernel is split over, the calling thread included. */
  readonly threads: number;
  /** Bytes of WebAssembly memory reserved so far (it grows to the largest kernel's operands, then stays). */
  readonly memoryBytes: number;
  /** Fused losses and optimizer updates on typed arrays. */
  readonly kernels: WasmKernels;
  /**
   * Stops the worker threads. Only for tests and tools that want to end them early: workers never
   * keep a Node process alive, and memory does not depend on it. After dispose() the backend
   * computes on the calling thread alone.
   */
  dispose(): void;
}

/**
 * Size thresholds below which a kernel stays on the CPU (elements; gemm: multiply-adds).
 * `minSize` from the options replaces all of them (0: every kernel the module has runs in it).
 */
interface Thresholds {
  unary: number;
  stream: number;
  gemm: number;
}

export function makeBackend(ctx: Context, minSize?: number): WasmBackend {
  const cpu = cpuBackend;
  const min: Thresholds = minSize === undefined ? { unary: UNARY_MIN, stream: STREAM_MIN, gemm: GEMM_MIN_WORK } : { unary: minSize, stream: minSize, gemm: minSize };
  const bind = <F extends (ctx: Context, ...rest: never[]) => unknown>(f: F) =>
    ((...args: DropContext<F>) => f(ctx, ...(args as never[]))) as (...args: DropContext<F>) => ReturnType<F>;
  return {
    name: 'wasm',
    get threads() {
      return (ctx.pool?.size ?? 0) + 1;
    },
    get memoryBytes() {
      return ctx.heap.memory.buffer.byteLength;
    },

    unary(op, x, out) {
      if (isF32(x) && isF32(out) && x.length >= Math.max(1, min.unary) && WASM_UNARY.has(op)) unaryF32(ctx, op, x, out);
      else cpu.unary(op, x, out);
    },

    binary(op: BinaryKernel, a, aShape, b, bShape, out, outShape) {
      const code = BINARY_CODE[op];
      const same = (isF32(a) && isF32(b) && isF32(out)) || (isF64(a) && isF64(b) && isF64(out));
      if (code !== undefined && same && out.length >= Math.max(1, min.stream)) {
        const am = operandMode(aShape, a.length, outShape, out.length);
        const bm = operandMode(bShape, b.length, outShape, out.length);
        if (am >= 0 && bm >= 0) {
          binaryWasm(ctx, code, a as FloatArray, am, b as FloatArray, bm, out as FloatArray, outShape);
          return;
        }
      }
      cpu.binary(op, a, aShape, b, bShape, out, outShape);
    },

    clamp(x, lo, hi, out) {
      const same = (isF32(x) && isF32(out)) || (isF64(x) && isF64(out));
      if (same && x.length >= Math.max(1, min.stream)) clampWasm(ctx, x as FloatArray, lo, hi, out as FloatArray);
      else cpu.clamp(x, lo, hi, out);
    },

    where: cpu.where,

    reduce(op, x, shape, axes, out) {
      const same = (isF32(x) && isF32(out)) || (isF64(x) && isF64(out));
      const view = same && op === 'sum' && out.length > 0 && x.length >= Math.max(1, min.stream) ? reduceView(shape, axes) : null;
      if (view !== null) reduceWasm(ctx, op, x as FloatArray, view, out as FloatArray);
      else cpu.reduce(op, x, shape, axes, out);
    },

    gemm(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff) {
      const f32 = isF32(a) && isF32(b) && isF32(c);
      const f64 = isF64(a) && isF64(b) && isF64(c);
      if (m <= 0 || n <= 0 || k <= 0 || (!f32 && !f64) || m * n * k < min.gemm) {
        cpu.gemm(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff);
        return;
      }
      // The skinny products of linear models: X streamed once through SIMD dot products.
      if (f32 && k >= 16 && n <= 4 && acs === 1 && brs === 1) {
        streamDotRows(ctx, m, n, k, a, aOff, ars, b, bOff, bcs, c, cOff);
      } else if (f32 && k >= 16 && m <= 4 && bcs === 1) {
        streamRows(ctx, m, n, k, a, aOff, ars, acs, b, bOff, brs, c, cOff);
      } else if (m <= 2 || n === 1 || (f64 && k >= 16 && ((n <= 4 && acs === 1 && brs === 1) || (m <= 4 && bcs === 1)))) {
        // Other matrix·vector shapes (the register tile would be mostly padding) and float64
        // skinny products: the CPU's unpacked loops, which the float64 results then match exactly.
        cpu.gemm(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff);
      } else {
        packedGemm(ctx, m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff);
      }
    },

    transpose: cpu.transpose,
    slice: cpu.slice,
    addToSlice: cpu.addToSlice,
    gather: cpu.gather,
    scatterAdd: cpu.scatterAdd,

    kernels: {
      bceWithLogits: bind(losses.bceWithLogits),
      bceWithLogitsBackward: bind(losses.bceWithLogitsBackward),
      bce: bind(losses.bce),
      bceBackward: bind(losses.bceBackward),
      crossEntropy: bind(losses.crossEntropy),
      crossEntropyBackward: bind(losses.crossEntropyBackward),
      sgdStep: bind(optim.sgdStep),
      adamStep: bind(optim.adamStep),
    },

    dispose() {
      ctx.pool?.dispose();
    },
  };
}
