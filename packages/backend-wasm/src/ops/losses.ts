/**
 * The fused loss kernels of core's seam (bceForward/Backward, bceWithLogitsForward/Backward,
 * crossEntropyForward/Backward) on the WebAssembly kernels. They compute what the CPU kernels
 * compute: float64 in f64 arithmetic, float32 with the SIMD math of mathf.ts (within 1e-5
 * relative of the CPU's double-then-round). Each returns false where it does not apply (a
 * gradient for the target, a class axis with trailing dimensions, mixed dtypes), and the backend
 * then calls the CPU kernel.
 */
import type {
  BceBackwardArgs, BceForwardArgs, BceWithLogitsBackwardArgs, BceWithLogitsForwardArgs, ClassLossSums,
  CrossEntropyBackwardArgs, CrossEntropyForwardArgs,
} from '@entropic/core';
import type { Context } from './context.js';
import type { FloatArray } from '../memory.js';

type Dtype = 'float32' | 'float64';

function dtypeOf(x: FloatArray): Dtype {
  return x instanceof Float32Array ? 'float32' : 'float64';
}

/** Copies an optional array in as `dtype`; 0 (the kernels' "absent") for null. */
function optional(ctx: Context, x: ArrayLike<number> | null, dtype: Dtype): number {
  return x === null ? 0 : ctx.heap.copyInAs(x, dtype);
}

function sameKind(x: FloatArray, y: FloatArray | null): boolean {
  return y === null || x instanceof Float32Array === y instanceof Float32Array;
}

/** Σ of the per-element losses when `out` is null (then nothing else is written), else the losses in `out` and 0. */
export function bceWithLogitsForward(ctx: Context, a: BceWithLogitsForwardArgs): number | false {
  const { input: x, target, weight, posWeight, out, cache } = a;
  if (!sameKind(x, out) || !sameKind(x, cache)) return false;
  const { heap, ex } = ctx;
  const dt = dtypeOf(x);
  const n = x.length;
  const size = x.BYTES_PER_ELEMENT;
  heap.reset();
  const px = heap.copyIn(x);
  const py = heap.copyInAs(target, dt);
  const pw = optional(ctx, weight, dt);
  const pp = optional(ctx, posWeight, dt);
  const pl = out === null ? 0 : heap.alloc(n * size);
  const pc = cache === null ? 0 : heap.alloc(n * size);
  const total = dt === 'float32' ? ex.bceWithLogitsF32(px, py, pw, pp, n, pl, pc) : ex.bceWithLogitsF64(px, py, pw, pp, n, pl, pc);
  if (out !== null) heap.copyOut(pl, out, 0, n);
  if (cache !== null) heap.copyOut(pc, cache, 0, n);
  return out === null ? total : 0;
}

export function bceWithLogitsBackward(ctx: Context, a: BceWithLogitsBackwardArgs): boolean {
  const { input: x, target, weight, posWeight, cache, gradOut, gradScale, gradInput: gx, gradTarget } = a;
  if (gx === null || gradTarget !== null || !sameKind(x, gx) || !sameKind(x, cache)) return false;
  const { heap, ex } = ctx;
  const dt = dtypeOf(x);
  const n = x.length;
  heap.reset();
  const px = heap.copyIn(x);
  const py = heap.copyInAs(target, dt);
  const pw = optional(ctx, weight, dt);
  const pp = optional(ctx, posWeight, dt);
  const pe = heap.copyIn(cache);
  const pg = optional(ctx, gradOut, dt);
  const po = heap.alloc(n * gx.BYTES_PER_ELEMENT);
  if (dt === 'float32') ex.bceWithLogitsBackwardF32(px, py, pw, pp, pe, gradScale, pg, n, po);
  else ex.bceWithLogitsBackwardF64(px, py, pw, pp, pe, gradScale, pg, n, po);
  heap.copyOut(po, gx, 0, n);
  return true;
}

export function bceForward(ctx: Context, a: BceForwardArgs): number | false {
  const { input: p, target, weight, out } = a;
  if (!sameKind(p, out)) return false;
  const { heap, ex } = ctx;
  const dt = dtypeOf(p);
  const n = p.length;
  heap.reset();
  const pp = heap.copyIn(p);
  const py = heap.copyInAs(target, dt);
  const pw = optional(ctx, weight, dt);
  const pl = out === null ? 0 : heap.alloc(n * p.BYTES_PER_ELEMENT);
  const total = dt === 'float32' ? ex.bceF32(pp, py, pw, n, pl) : ex.bceF64(pp, py, pw, n, pl);
  if (out !== null) heap.copyOut(pl, out, 0, n);
  return out === null ? total : 0;
}

export function bceBackward(ctx: Context, a: BceBackwardArgs): boolean {
  const { input: p, target, weight, gradOut, gradScale, gradInput: gx, gradTarget } = a;
  if (gx === null || gradTarget !== null || !sameKind(p, gx)) return false;
  const { heap, ex } = ctx;
  const dt = dtypeOf(p);
  const n = p.length;
  heap.reset();
  const pp = heap.copyIn(p);
  const py = heap.copyInAs(target, dt);
  const pw = optional(ctx, weight, dt);
  const pg = optional(ctx, gradOut, dt);
  const po = heap.alloc(n * gx.BYTES_PER_ELEMENT);
  if (dt === 'float32') ex.bceBackwardF32(pp, py, pw, gradScale, pg, n, po);
  else ex.bceBackwardF64(pp, py, pw, gradScale, pg, n, po);
  heap.copyOut(po, gx, 0, n);
  return true;
}

/** Class axis last ([n, c], d = 1) only. */
export function crossEntropyForward(ctx: Context, a: CrossEntropyForwardArgs): ClassLossSums | false {
  const { input: x, n, c, d, weight, target, ignoreIndex, smoothing, stats, out } = a;
  if (d !== 1 || !sameKind(x, out) || !sameKind(x, stats.exp)) return false;
  const { heap, ex } = ctx;
  const dt = dtypeOf(x);
  const size = x.BYTES_PER_ELEMENT;
  heap.reset();
  const px = heap.copyIn(x);
  const pt = heap.copyIn(target);
  const pw = optional(ctx, weight, dt);
  const pl = out === null ? 0 : heap.alloc(n * size);
  const pm = heap.alloc(n * 8);
  const pr = heap.alloc(n * 8);
  const pa = heap.alloc(n * 4);
  const pe = stats.exp === null ? 0 : heap.alloc(n * c * size);
  const pwt = heap.alloc(8);
  const run = dt === 'float32' ? ex.crossEntropyF32 : ex.crossEntropyF64;
  const total = run(px, pt, n, c, pw, ignoreIndex, smoothing, pl, pm, pr, pa, pe, pwt);
  if (out !== null) heap.copyOut(pl, out, 0, n);
  heap.copyOut(pm, stats.max, 0, n);
  heap.copyOut(pr, stats.rest, 0, n);
  heap.copyOut(pa, stats.argmax, 0, n);
  if (stats.exp !== null) heap.copyOut(pe, stats.exp, 0, n * c);
  return { sum: out === null ? total : 0, weightSum: heap.f64[pwt / 8]! };
}

export function crossEntropyBackward(ctx: Context, a: CrossEntropyBackwardArgs): boolean {
  const { n, c, d, weight, target, ignoreIndex, smoothing, stats, gradOut, gradScale, gradInput: gx } = a;
  if (d !== 1 || stats.exp === null || !sameKind(gx, stats.exp)) return false;
  const { heap, ex } = ctx;
  const dt = dtypeOf(gx);
  let wSum = 0;
  for (let k = 0; k < c; k++) wSum += weight === null ? 1 : weight[k]!;
  heap.reset();
  const pe = heap.copyIn(stats.exp);
  const pr = heap.copyIn(stats.rest);
  const pa = heap.copyIn(stats.argmax);
  const pt = heap.copyIn(target);
  const pw = optional(ctx, weight, dt);
  const pg = optional(ctx, gradOut, dt);
  const po = heap.alloc(n * c * gx.BYTES_PER_ELEMENT);
  const run = dt === 'float32' ? ex.crossEntropyBackwardF32 : ex.crossEntropyBackwardF64;
  run(pe, pr, pa, pt, n, c, pw, ignoreIndex, smoothing, wSum, gradScale, pg, po);
  heap.copyOut(po, gx, 0, n * c);
  return true;
}
