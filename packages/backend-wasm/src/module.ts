/** The compiled kernels module: decoded from the embedded base64 once per flavour, compiled asynchronously. */
import { KERNELS_SHARED_BASE64, KERNELS_SINGLE_BASE64 } from './generated/kernels-wasm.js';

export { STATIC_LIMIT } from './generated/kernels-wasm.js';

/** The module's exports (assembly/index.ts); addresses and sizes are plain numbers. */
export interface KernelExports {
  gemmWorkBytes(): number;
  gemmF32(m0: number, m1: number, n0: number, n1: number, k: number, a: number, ars: number, acs: number, b: number, brs: number, bcs: number, c: number, ldc: number, work: number): void;
  gemmF64(m0: number, m1: number, n0: number, n1: number, k: number, a: number, ars: number, acs: number, b: number, brs: number, bcs: number, c: number, ldc: number, work: number): void;
  dotRowsF32(m: number, n: number, k: number, a: number, ars: number, b: number, bcs: number, c: number): void;
  streamRowsF32(m: number, n: number, len: number, p0: number, a: number, ars: number, acs: number, b: number, brs: number, acc: number, part: number): void;
  dotRowsRangeF32(m0: number, m1: number, n: number, n1: number, k: number, a: number, ars: number, acs: number, b: number, brs: number, bcs: number, c: number, ldc: number, work: number): void;
  streamRowsRangeF32(p0: number, p1: number, m: number, n: number, step: number, a: number, ars: number, acs: number, b: number, brs: number, acc: number, part: number, ldc: number, work: number): void;
  storeF64AsF32(src: number, dst: number, n: number): void;
  linearBceWithLogitsF32(
    r0: number, r1: number, cols: number, step: number, bias: number, x: number, w: number, y: number, s: number, acc: number, part: number, grad: number, ldc: number, work: number,
  ): void;
  unaryF32(op: number, x: number, out: number, n: number): void;
  binaryRowsF32(op: number, a: number, aMode: number, b: number, bMode: number, out: number, rows: number, cols: number): void;
  binaryRowsF64(op: number, a: number, aMode: number, b: number, bMode: number, out: number, rows: number, cols: number): void;
  clampF32(x: number, lo: number, hi: number, out: number, n: number): void;
  clampF64(x: number, lo: number, hi: number, out: number, n: number): void;
  reduceF32(op: number, x: number, outer: number, len: number, inner: number, out: number, acc: number): void;
  reduceF64(op: number, x: number, outer: number, len: number, inner: number, out: number, acc: number): void;
  bceWithLogitsF32(x: number, y: number, w: number, pw: number, n: number, loss: number, cache: number): number;
  bceWithLogitsF64(x: number, y: number, w: number, pw: number, n: number, loss: number, cache: number): number;
  bceWithLogitsBackwardF32(x: number, y: number, w: number, pw: number, e: number, g0: number, g: number, n: number, gx: number): void;
  bceWithLogitsBackwardF64(x: number, y: number, w: number, pw: number, e: number, g0: number, g: number, n: number, gx: number): void;
  bceF32(p: number, y: number, w: number, n: number, loss: number): number;
  bceF64(p: number, y: number, w: number, n: number, loss: number): number;
  bceBackwardF32(p: number, y: number, w: number, g0: number, g: number, n: number, gx: number): void;
  bceBackwardF64(p: number, y: number, w: number, g0: number, g: number, n: number, gx: number): void;
  crossEntropyF32(
    x: number, t: number, n: number, c: number, w: number, ignoreIndex: number, eps: number,
    loss: number, max: number, rest: number, arg: number, e: number, weightTotal: number,
  ): number;
  crossEntropyBackwardF32(
    e: number, rest: number, arg: number, t: number, n: number, c: number, w: number, ignoreIndex: number, eps: number, wSum: number,
    g0: number, g: number, gx: number,
  ): void;
  crossEntropyF64(
    x: number, t: number, n: number, c: number, w: number, ignoreIndex: number, eps: number,
    loss: number, max: number, rest: number, arg: number, e: number, weightTotal: number,
  ): number;
  crossEntropyBackwardF64(
    e: number, rest: number, arg: number, t: number, n: number, c: number, w: number, ignoreIndex: number, eps: number, wSum: number,
    g0: number, g: number, gx: number,
  ): void;
  sgdF32(param: number, grad: number, buf: number, n: number, lr: number, momentum: number, dampening: number, wd: number, nesterov: number, maximize: number, first: number): void;
  sgdF64(param: number, grad: number, buf: number, n: number, lr: number, momentum: number, dampening: number, wd: number, nesterov: number, maximize: number, first: number): void;
  adamF32(
    param: number, grad: number, m: number, v: number, vmax: number, n: number,
    beta1: number, beta2: number, negStepSize: number, bias2Sqrt: number, eps: number, wd: number, decay: number, decoupled: number, maximize: number,
  ): void;
  adamF64(
    param: number, grad: number, m: number, v: number, vmax: number, n: number,
    beta1: number, beta2: number, negStepSize: number, bias2Sqrt: number, eps: number, wd: number, decay: number, decoupled: number, maximize: number,
  ): void;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

const compiled = new Map<boolean, Promise<WebAssembly.Module>>();

/** The kernels module for a shared (threads) or an unshared memory, compiled once. */
export function kernelsModule(shared: boolean): Promise<WebAssembly.Module> {
  let m = compiled.get(shared);
  if (m === undefined) {
    m = WebAssembly.compile(decode(shared ? KERNELS_SHARED_BASE64 : KERNELS_SINGLE_BASE64));
    compiled.set(shared, m);
  }
  return m;
}

/** Pages (64 KiB) the memory may grow to: 4 GiB, the wasm32 limit (reserved address space only). */
export const MAX_PAGES = 65536;
