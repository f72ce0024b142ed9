/**
 * The WebAssembly memory and its layout, owned by JavaScript:
 *
 *   [0, STATIC_LIMIT)          the module's static data (musl's f64 exp/log tables)
 *   [control, +CONTROL_BYTES)  the thread pool's control block (threads.ts)
 *   per-thread work areas      gemm's packed panels, one area per thread
 *   scratch                    operands and results of the running kernel, reset per kernel
 *
 * Tensors stay JavaScript typed arrays owned by the garbage collector: a kernel copies its inputs
 * into scratch, computes, and copies its outputs back. Scratch is a bump region reset at the start
 * of every kernel, so memory never grows with the number of steps, only with the largest kernel's
 * operands (its high-water mark is kept: WebAssembly memory cannot shrink).
 */
import { MAX_PAGES, STATIC_LIMIT } from './module.js';

export type FloatArray = Float32Array | Float64Array;

const PAGE = 65536;
/** Bytes of the thread pool's control block. */
export const CONTROL_BYTES = 16384;

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

export class WasmHeap {
  readonly memory: WebAssembly.Memory;
  readonly control = STATIC_LIMIT;
  /** Start of thread t's work area: workBase + t·workBytes. */
  readonly workBase: number;
  readonly workBytes: number;
  private readonly scratchBase: number;
  private top: number;
  f32!: Float32Array;
  f64!: Float64Array;
  i32!: Int32Array;

  constructor(memory: WebAssembly.Memory, threads: number, workBytes: number) {
    this.memory = memory;
    this.workBase = align(STATIC_LIMIT + CONTROL_BYTES, 64);
    this.workBytes = align(workBytes, 64);
    this.scratchBase = align(this.workBase + threads * this.workBytes, 64);
    this.top = this.scratchBase;
    this.ensure(this.scratchBase);
    this.refresh();
  }

  /** Frees all scratch: called at the start of every kernel (kernels never nest). */
  reset(): void {
    this.top = this.scratchBase;
  }

  /** `bytes` of scratch, 16-byte aligned (v128 loads), valid until the next reset(). */
  alloc(bytes: number): number {
    const p = this.top;
    this.top = align(p + bytes, 16);
    if (this.top > this.f64.byteLength) this.ensure(this.top);
    return p;
  }

  /** Copies `src[lo, hi)` into fresh scratch; returns its address. */
  copyIn(src: FloatArray | Int32Array, lo = 0, hi = src.length): number {
    const bytes = src.BYTES_PER_ELEMENT;
    const p = this.alloc((hi - lo) * bytes);
    const view = src instanceof Float32Array ? this.f32 : src instanceof Float64Array ? this.f64 : this.i32;
    view.set(lo === 0 && hi === src.length ? src : src.subarray(lo, hi), p / bytes);
    return p;
  }

  /** Copies `src` into fresh scratch as `dtype` elements (converting if it is another kind); returns its address. */
  copyInAs(src: ArrayLike<number>, dtype: 'float32' | 'float64'): number {
    const f32 = dtype === 'float32';
    const p = this.alloc(src.length * (f32 ? 4 : 8));
    (f32 ? this.f32 : this.f64).set(src, p / (f32 ? 4 : 8));
    return p;
  }

  /** Copies n elements at address p into dst[off, off + n). */
  copyOut(p: number, dst: FloatArray | Int32Array, off = 0, n = dst.length - off): void {
    const view = dst instanceof Float32Array ? this.f32 : dst instanceof Float64Array ? this.f64 : this.i32;
    const at = p / dst.BYTES_PER_ELEMENT;
    dst.set(view.subarray(at, at + n), off);
  }

  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      // Grow by at least half again, so a slowly growing high-water mark is not a grow per kernel.
      const need = Math.ceil((end - have) / PAGE);
      const pages = Math.min(Math.max(need, Math.ceil(have / PAGE / 2)), MAX_PAGES - have / PAGE);
      if (pages < need) throw new RangeError(`backend-wasm: kernel needs ${end} bytes of WebAssembly memory, more than 4 GiB`);
      this.memory.grow(pages);
    }
    this.refresh();
  }

  private refresh(): void {
    const buffer = this.memory.buffer;
    this.f32 = new Float32Array(buffer);
    this.f64 = new Float64Array(buffer);
    this.i32 = new Int32Array(buffer);
  }
}
