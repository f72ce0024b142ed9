/**
 * The backend object: the kernels of core's seam that have a WebAssembly version, each routing a
 * call to WebAssembly where it pays off and to core's CPU kernel everywhere else (small sizes,
 * int32 and bool data, broadcasts other than row / column / scalar, the cases a fused kernel does
 * not cover). Kernels it does not define at all (layout kernels, allocation, MSE, NLL, RMSprop,
 * Adagrad, …) resolve to the CPU ones through core's registry. Every threshold below was
 * measured on the README's machine; results agree with the CPU backend either way.
 */
import { type BinaryKernel, type Kernels, cpuBackend } from '@entropic/core';
import type { Context } from './ops/context.js';
import { GEMM_MIN_WORK, packedGemm, streamDotRows, streamRows } from './ops/gemm.js';
import { BINARY_CODE, binaryWasm, clampWasm, operandMode, unaryF32 } from './ops/elementwise.js';
import { reduceView, reduceWasm } from './ops/reduce.js';
import * as losses from './ops/losses.js';
import { linearBceWithLogits } from './ops/linear-loss.js';
import * as optim from './ops/optim.js';
import type { FloatArray } from './memory.js';

type UnaryKernel = Parameters<Kernels['unary']>[0];

/**
 * Unary functions worth the copies: the transcendental ones (Math.exp & co. cost ~5–20 ns an
 * element in JavaScript; exp on 16 floats: 1.2 µs on the CPU, 0.7 µs here). neg, abs, relu, …
 * are one instruction an element either way and stay on the CPU.
 */
const WASM_UNARY = new Set<UnaryKernel>(['exp', 'log', 'log1p', 'sigmoid', 'logSigmoid', 'tanh', 'softplus']);
// Below these sizes a kernel stays on the CPU, where the call and the copies would cost more than
// they save. Measured with bench/kernels.ts (one thread, float32): exp wins from ~16 elements,
// add from ~1,000 (1.3× there, 3–6× at 4k–32k), the fused losses from a [128, 10] batch (1.3–1.4×),
// SGD and Adam updates from a few thousand parameters (1.8–1.9×: the CPU loops convert every
// float32 to double and back), gemm from 8³ (the CPU path packs too).
const UNARY_MIN = 16;
const STREAM_MIN = 1024;
const LOSS_MIN = 256;
const UPDATE_MIN = 1024;

function isF32(x: unknown): x is Float32Array {
  return x instanceof Float32Array;
}

function isF64(x: unknown): x is Float64Array {
  return x instanceof Float64Array;
}

/** Both float32 or both float64. */
function sameFloat(a: unknown, b: unknown): boolean {
  return (isF32(a) && isF32(b)) || (isF64(a) && isF64(b));
}

/** The kernels this backend defines (the rest come from core's registry / CPU backend). */
type WasmKernelSet = Pick<
  Kernels,
  | 'hold' | 'unary' | 'binary' | 'clamp' | 'reduce' | 'gemm' | 'biasAdd' | 'columnSum'
  | 'bceForward' | 'bceBackward' | 'bceWithLogitsForward' | 'bceWithLogitsBackward' | 'linearBceWithLogits'
  | 'crossEntropyForward' | 'crossEntropyBackward' | 'sgdUpdate' | 'adamUpdate'
>;

/** A WebAssembly backend for `setBackend`: core kernels, plus its threads, memory and `dispose()`. */
export interface WasmBackend extends WasmKernelSet {
  /** Always `'wasm'` (what `backend().name` reports while it is installed). */
  readonly name: 'wasm';
  /** Threads a large kernel is split over, the calling thread included. */
  readonly threads: number;
  /** Bytes of WebAssembly memory reserved so far (it grows to the largest kernel's operands, then stays). */
  readonly memoryBytes: number;
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
  loss: number;
  update: number;
}

export function makeBackend(ctx: Context, minSize?: number): WasmBackend {
  const cpu = cpuBackend;
  const min: Thresholds =
    minSize === undefined
      ? { unary: UNARY_MIN, stream: STREAM_MIN, gemm: GEMM_MIN_WORK, loss: LOSS_MIN, update: UPDATE_MIN }
      : { unary: minSize, stream: minSize, gemm: minSize, loss: minSize, update: minSize };
  // Never route empty arrays: nothing to compute, and scratch sizes would be 0 or NaN.
  for (const k of Object.keys(min) as (keyof Thresholds)[]) min[k] = Math.max(1, min[k]);
  return {
    name: 'wasm',
    get threads() {
      return (ctx.pool?.size ?? 0) + 1;
    },
    get memoryBytes() {
      return ctx.heap.memory.buffer.byteLength;
    },

    hold(data) {
      // Only float data feeds the kernels that read held copies (the gemms).
      return data instanceof Float32Array || data instanceof Float64Array ? ctx.heap.hold(data) : cpu.hold(data);
    },

    unary(op, x, out) {
      if (isF32(x) && isF32(out) && x.length >= min.unary && WASM_UNARY.has(op)) unaryF32(ctx, op, x, out);
      else cpu.unary(op, x, out);
    },

    binary(op: BinaryKernel, a, aShape, b, bShape, out, outShape) {
      const code = BINARY_CODE[op];
      if (code !== undefined && sameFloat(a, b) && sameFloat(a, out) && out.length >= min.stream) {
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
      if (sameFloat(x, out) && x.length >= min.stream) clampWasm(ctx, x as FloatArray, lo, hi, out as FloatArray);
      else cpu.clamp(x, lo, hi, out);
    },

    reduce(op, x, shape, axes, out) {
      const view = op === 'sum' && sameFloat(x, out) && out.length > 0 && x.length >= min.stream ? reduceView(shape, axes) : null;
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

    biasAdd(out, rows, cols, bias) {
      if (sameFloat(out, bias) && rows * cols >= min.stream && cols > 0) binaryWasm(ctx, BINARY_CODE.add!, out, 0, bias, 1, out, [rows, cols]);
      else cpu.biasAdd(out, rows, cols, bias);
    },

    columnSum(x, rows, cols, out) {
      if (sameFloat(x, out) && rows * cols >= min.stream && cols > 0) reduceWasm(ctx, 'sum', x, [1, rows, cols], out);
      else cpu.columnSum(x, rows, cols, out);
    },

    bceForward(args) {
      const r = args.input.length >= min.loss ? losses.bceForward(ctx, args) : false;
      return r === false ? cpu.bceForward(args) : r;
    },
    bceBackward(args) {
      if (!(args.input.length >= min.loss && losses.bceBackward(ctx, args))) cpu.bceBackward(args);
    },
    bceWithLogitsForward(args) {
      const r = args.input.length >= min.loss ? losses.bceWithLogitsForward(ctx, args) : false;
      return r === false ? cpu.bceWithLogitsForward(args) : r;
    },
    bceWithLogitsBackward(args) {
      if (!(args.input.length >= min.loss && losses.bceWithLogitsBackward(ctx, args))) cpu.bceWithLogitsBackward(args);
    },
    linearBceWithLogits(args) {
      const r = args.rows * args.cols >= min.loss ? linearBceWithLogits(ctx, args) : false;
      return r === false ? cpu.linearBceWithLogits(args) : r;
    },
    crossEntropyForward(args) {
      const r = args.input.length >= min.loss ? losses.crossEntropyForward(ctx, args) : false;
      return r === false ? cpu.crossEntropyForward(args) : r;
    },
    crossEntropyBackward(args) {
      if (!(args.gradInput.length >= min.loss && losses.crossEntropyBackward(ctx, args))) cpu.crossEntropyBackward(args);
    },

    sgdUpdate(args) {
      if (!(args.param.length >= min.update && optim.sgdUpdate(ctx, args))) cpu.sgdUpdate(args);
    },
    adamUpdate(args) {
      if (!(args.param.length >= min.update && optim.adamUpdate(ctx, args))) cpu.adamUpdate(args);
    },

    dispose() {
      ctx.pool?.dispose();
    },
  };
}
