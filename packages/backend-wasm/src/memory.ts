/**
 * The WebAssembly memory and its layout, owned by JavaScript:
 *
 *   [0, STATIC_LIMIT)          the module's static data (musl's f64 exp/log tables)
 *   [control, +CONTROL_BYTES)  the thread pool's control block (threads.ts)
 *   per-thread work areas      gemm's packed panels, one area per thread
 *   held arrays                copies of the arrays a training loop holds (`hold`), a stack
 *   scratch                    operands and results of the running kernel, reset per kernel
 *
 * Tensors stay JavaScript typed arrays owned by the garbage collector: a kernel copies its inputs
 * into scratch, computes, and copies its outputs back. Scratch is a bump region reset at the start
 * of every kernel, so memory never grows with the number of steps, only with the largest kernel's
 * operands (its high-water mark is kept: WebAssembly memory cannot shrink).
 *
 * The one exception is a held array: a full-batch training loop promises not to change its data
 * set until it releases it, so the data set is copied in once and kernels read that copy where
 * they would copy the array in (80 MB per product for a 200,000 × 100 float32 X). Held copies
 * form a stack below scratch; a released copy's space is reused once the copies above it are
 * released too (holds are scoped, so in practice at once).
 */
import { MAX_PAGES, STATIC_LIMIT } from './module.js';

export type FloatArray = Float32Array | Float64Array;
type HoldableArray = FloatArray | Int32Array;

/** Arrays smaller than this are not worth holding: copying them in per kernel is cheap. */
export const HOLD_MIN_BYTES = 1 << 20;

interface HeldCopy {
  /** Address of the copy. */
  readonly at: number;
  /** Address just past it (16-byte aligned). */
  readonly end: number;
  /** Holds not yet released. */
  count: number;
}

const PAGE = 65536;
/** Bytes of the thread pool's control block. */
export const CONTROL_BYTES = 16384;

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

const noRelease = (): void => {};

export class WasmHeap {
  readonly memory: WebAssembly.Memory;
  readonly control = STATIC_LIMIT;
  /** Start of thread t's work area: workBase + t·workBytes. */
  readonly workBase: number;
  readonly workBytes: number;
  /** Start of the held copies' stack. */
  private readonly heldBase: number;
  /** Start of scratch: the end of the held copies' stack. */
  private scratchBase: number;
  private top: number;
  private readonly held = new Map<HoldableArray, HeldCopy>();
  /** The held copies in address order (released ones stay until those above them go). */
  private readonly heldStack: HeldCopy[] = [];
  f32!: Float32Array;
  f64!: Float64Array;
  i32!: Int32Array;

  constructor(memory: WebAssembly.Memory, threads: number, workBytes: number) {
    this.memory = memory;
    this.workBase = align(STATIC_LIMIT + CONTROL_BYTES, 64);
    this.workBytes = align(workBytes, 64);
    this.heldBase = align(this.workBase + threads * this.workBytes, 64);
    this.scratchBase = this.heldBase;
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

  /**
   * Keeps a copy of `src` in WebAssembly memory until the returned function is called (the
   * caller promises `src` does not change until then); kernels find it with `resident`. Small
   * arrays, and arrays that would not fit in the 4 GiB, are not copied (the release does nothing).
   */
  hold(src: HoldableArray): () => void {
    let copy = this.held.get(src);
    if (copy === undefined) {
      if (src.byteLength < HOLD_MIN_BYTES) return noRelease;
      const at = this.scratchBase;
      const end = align(at + src.byteLength, 16);
      try {
        this.ensure(end);
      } catch {
        return noRelease;
      }
      const view = src instanceof Float32Array ? this.f32 : src instanceof Float64Array ? this.f64 : this.i32;
      view.set(src, at / src.BYTES_PER_ELEMENT);
      copy = { at, end, count: 0 };
      this.held.set(src, copy);
      this.heldStack.push(copy);
      this.scratchBase = end;
      this.top = end;
    }
    copy.count++;
    const held = copy;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--held.count > 0) return;
      this.held.delete(src);
      // Pop every released copy off the top of the stack; scratch starts after what is left.
      const stack = this.heldStack;
      while (stack.length > 0 && stack[stack.length - 1]!.count === 0) stack.pop();
      this.scratchBase = stack.length > 0 ? stack[stack.length - 1]!.end : this.heldBase;
      this.top = this.scratchBase;
    };
  }

  /** The address of `src`'s held copy, or -1 if it is not held. */
  resident(src: HoldableArray): number {
    if (this.held.size === 0) return -1;
    return this.held.get(src)?.at ?? -1;
  }

  /** Bytes of WebAssembly memory the held copies take (released ones included until they are popped). */
  get heldBytes(): number {
    return this.scratchBase - this.heldBase;
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
