/**
 * The fused loss kernels with plain typed-array signatures, forward and backward, computing what
 * @entropic/loss computes (PyTorch's formulas): binary cross-entropy on probabilities and on
 * logits, and cross-entropy of [n, c] logits against class indices. Absent optional arrays are
 * `null`. Forward kernels return the sum of the per-element losses (the caller applies the
 * reduction) and write the per-element losses when `loss` is given.
 */
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

function scratch(ctx: Context, x: FloatArray | null, n: number, dtype: Dtype): number {
  return x === null ? 0 : ctx.heap.alloc(n * (dtype === 'float32' ? 4 : 8));
}

/**
 * Σ_i w·[(1 − y)·softplus(x) + pw·y·softplus(−x)], stable for any logit; `cache` (if given)
 * receives e = exp(−|x|), all the backward needs.
 */
export function bceWithLogits(
  ctx: Context, x: FloatArray, y: ArrayLike<number>, weight: ArrayLike<number> | null, posWeight: ArrayLike<number> | null,
  loss: FloatArray | null, cache: FloatArray | null,
): number {
  const { heap, ex } = ctx;
  const dt = dtypeOf(x);
  const n = x.length;
  heap.reset();
  const px = heap.copyInAs(x, dt);
  const py = heap.copyInAs(y, dt);
  const pw = optional(ctx, weight, dt);
  const pp = optional(ctx, posWeight, dt);
  const pl = scratch(ctx, loss, n, dt);
  const pc = scratch(ctx, cache, n, dt);
  const total = dt === 'float32' ? ex.bceWithLogitsF32(px, py, pw, pp, n, pl, pc) : ex.bceWithLogitsF64(px, py, pw, pp, n, pl, pc);
  if (loss !== null) heap.copyOut(pl, loss, 0, n);
  if (cache !== null) heap.copyOut(pc, cache, 0, n);
  return total;
}

/** gx = k·[(1 − y)·σ(x) − pw·y·(1 − σ(x))], k = (g[i] if g is given, else g0)·w, from the forward's cache. */
export function bceWithLogitsBackward(
  ctx: Context, x: FloatArray, y: ArrayLike<number>, weight: ArrayLike<number> | null, posWeight: ArrayLike<number> | null,
  cache: FloatArray, g0: number, g: ArrayLike<number> | null, gx: FloatArray,
): void {
  const { heap, ex } = ctx;
  const dt = dtypeOf(gx);
  const n = x.length;
  heap.reset();
  const px = heap.copyInAs(x, dt);
  const py = heap.copyInAs(y, dt);
  const pw = optional(ctx, weight, dt);
  const pp = optional(ctx, posWeight, dt);
  const pe = heap.copyInAs(cache, dt);
  const pg = optional(ctx, g, dt);
  const po = heap.alloc(n * gx.BYTES_PER_ELEMENT);
  if (dt === 'float32') ex.bceWithLogitsBackwardF32(px, py, pw, pp, pe, g0, pg, n, po);
  else ex.bceWithLogitsBackwardF64(px, py, pw, pp, pe, g0, pg, n, po);
  heap.copyOut(po, gx, 0, n);
}

/** Σ_i w·[(y − 1)·max(log(1 − p), −100) − y·max(log p, −100)] (the caller has checked p, y ∈ [0, 1]). */
export function bce(ctx: Context, p: FloatArray, y: ArrayLike<number>, weight: ArrayLike<number> | null, loss: FloatArray | null): number {
  const { heap, ex } = ctx;
  const dt = dtypeOf(p);
  const n = p.length;
  heap.reset();
  const pp = heap.copyInAs(p, dt);
  const py = heap.copyInAs(y, dt);
  const pw = optional(ctx, weight, dt);
  const pl = scratch(ctx, loss, n, dt);
  const total = dt === 'float32' ? ex.bceF32(pp, py, pw, n, pl) : ex.bceF64(pp, py, pw, n, pl);
  if (loss !== null) heap.copyOut(pl, loss, 0, n);
  return total;
}

/** gx = k·(p − y)/max((1 − p)·p, 1e-12), k = (g[i] or g0)·w. */
export function bceBackward(
  ctx: Context, p: FloatArray, y: ArrayLike<number>, weight: ArrayLike<number> | null, g0: number, g: ArrayLike<number> | null, gx: FloatArray,
): void {
  const { heap, ex } = ctx;
  const dt = dtypeOf(gx);
  const n = p.length;
  heap.reset();
  const pp = heap.copyInAs(p, dt);
  const py = heap.copyInAs(y, dt);
  const pw = optional(ctx, weight, dt);
  const pg = optional(ctx, g, dt);
  const po = heap.alloc(n * gx.BYTES_PER_ELEMENT);
  if (dt === 'float32') ex.bceBackwardF32(pp, py, pw, g0, pg, n, po);
  else ex.bceBackwardF64(pp, py, pw, g0, pg, n, po);
  heap.copyOut(po, gx, 0, n);
}

/** What the cross-entropy forward keeps for its backward. */
export interface CrossEntropyCache {
  /** Σ_{k ≠ argmax} exp(x_k − max) per row (double). */
  rest: Float64Array;
  /** The argmax per row. */
  arg: Int32Array;
  /** exp(x − max) per element, in the logits' dtype. */
  e: FloatArray;
}

export interface CrossEntropyTotals {
  /** Σ of the per-row losses. */
  total: number;
  /** Σ of the class weights of the rows whose target is not ignoreIndex (the 'mean' divisor). */
  weightTotal: number;
}

/**
 * Cross-entropy of logits x [n, c] against int32 class indices t [n] (validated by the caller),
 * with class weights, ignoreIndex and label smoothing ε, as PyTorch's F.cross_entropy.
 */
export function crossEntropy(
  ctx: Context, x: FloatArray, t: Int32Array, n: number, c: number, weight: ArrayLike<number> | null, ignoreIndex: number,
  labelSmoothing: number, loss: FloatArray | null, cache: CrossEntropyCache | null,
): CrossEntropyTotals {
  const { heap, ex } = ctx;
  const dt = dtypeOf(x);
  heap.reset();
  const px = heap.copyIn(x);
  const pt = heap.copyIn(t);
  const pw = optional(ctx, weight, dt);
  const pl = scratch(ctx, loss, n, dt);
  const pr = cache === null ? 0 : heap.alloc(n * 8);
  const pa = cache === null ? 0 : heap.alloc(n * 4);
  const pe = cache === null ? 0 : heap.alloc(n * c * x.BYTES_PER_ELEMENT);
  const pwt = heap.alloc(8);
  const run = dt === 'float32' ? ex.crossEntropyF32 : ex.crossEntropyF64;
  const total = run(px, pt, n, c, pw, ignoreIndex, labelSmoothing, pl, pr, pa, pe, pwt);
  if (loss !== null) heap.copyOut(pl, loss, 0, n);
  if (cache !== null) {
    heap.copyOut(pr, cache.rest, 0, n);
    heap.copyOut(pa, cache.arg, 0, n);
    heap.copyOut(pe, cache.e, 0, n * c);
  }
  return { total, weightTotal: heap.f64[pwt / 8]! };
}

/** gx [n, c] of crossEntropy, from its cache; wSum = Σ_k w_k (c without weights). */
export function crossEntropyBackward(
  ctx: Context, cache: CrossEntropyCache, t: Int32Array, n: number, c: number, weight: ArrayLike<number> | null, ignoreIndex: number,
  labelSmoothing: number, wSum: number, g0: number, g: ArrayLike<number> | null, gx: FloatArray,
): void {
  const { heap, ex } = ctx;
  const dt = dtypeOf(gx);
  heap.reset();
  const pe = heap.copyInAs(cache.e, dt);
  const pr = heap.copyIn(cache.rest);
  const pa = heap.copyIn(cache.arg);
  const pt = heap.copyIn(t);
  const pw = optional(ctx, weight, dt);
  const pg = optional(ctx, g, dt);
  const po = heap.alloc(n * c * gx.BYTES_PER_ELEMENT);
  const run = dt === 'float32' ? ex.crossEntropyBackwardF32 : ex.crossEntropyBackwardF64;
  run(pe, pr, pa, pt, n, c, pw, ignoreIndex, labelSmoothing, wSum, g0, pg, po);
  heap.copyOut(po, gx, 0, n * c);
}
