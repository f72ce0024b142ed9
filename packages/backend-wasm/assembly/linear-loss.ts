// A binary logistic model's loss and gradient in one pass over X (float32): for four rows at a
// time, the logits z = x·w + b, their BCE-with-logits (the formulas of losses.ts), and the rows'
// contribution s·(σ(z) − y)·x to the gradient while the rows are still in L1. Two passes
// (X·w, then gᵀ·X) would read X from memory twice; on a large full batch that read is the cost.
// Sums: the logits as in skinny.ts (float32 blocks of 64 terms, then f64); the gradient in
// float32 over blocks of 64 rows, flushed into f64; the loss in f64.

import { expf4, log1pf4 } from './mathf';
import { at } from './simd';

const BLOCK: i32 = 64;

// @ts-ignore: decorator
@inline function hsum(v: v128): f64 {
  const lo = f64x2.promote_low_f32x4(v);
  const hi = f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1));
  const s = f64x2.add(lo, hi);
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

/** Lanes 0..count−1 of a float32 array from element i (the rest 0), or `fill` everywhere where the array is absent. */
// @ts-ignore: decorator
@inline function lanesOf(p: usize, i: i32, count: i32, fill: f32): v128 {
  if (p == 0) return f32x4.splat(fill);
  if (count == 4) return v128.load(at<f32>(p, i));
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(at<f32>(p, i)));
  if (count > 1) v = f32x4.replace_lane(v, 1, load<f32>(at<f32>(p, i + 1)));
  if (count > 2) v = f32x4.replace_lane(v, 2, load<f32>(at<f32>(p, i + 2)));
  return v;
}

/** Adds the float32 gradient sums of a block into the f64 totals and clears them. */
function flush(part: usize, totals: usize, cols: i32): void {
  for (let j = 0; j < cols; j++) {
    store<f64>(at<f64>(totals, j), load<f64>(at<f64>(totals, j)) + <f64>load<f32>(at<f32>(part, j)));
  }
  memory.fill(part, 0, <usize>cols << 2);
}

/**
 * Rows [r0, r1) of X [·, cols] (row-major, contiguous), summed into slot r0 / step: at
 * acc + slot·(cols + 2)·8 the f64 totals [Σ s·loss, Σ s·(σ − y), Σ s·(σ − y)·x (cols)], at
 * part + slot·cols·4 float32 scratch. y and s (s = 0: all 1) have one value per row. With
 * grad = 0 only the loss is summed. The thread pool's chunked signature (r0, r1 are set per
 * chunk; the last argument is a work area this kernel does not use).
 */
export function linearBceWithLogitsF32(
  r0: i32, r1: i32, cols: i32, step: i32, bias: f32, x: usize, w: usize, y: usize, s: usize, acc: usize, part: usize, grad: i32, _ldc: i32, _work: usize,
): void {
  const slot = r0 / step;
  const totals = at<f64>(acc, slot * (cols + 2));
  const gw = at<f64>(totals, 2);
  const pg = at<f32>(part, slot * cols);
  memory.fill(pg, 0, <usize>cols << 2);
  const k4 = cols & ~3;
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  let loss: f64 = 0;
  let gb: f64 = 0;
  let rowsInBlock = 0;
  for (let i = r0; i < r1; i += 4) {
    const count = min(4, r1 - i);
    // Rows past the end repeat the last row; their lanes are masked out below.
    const p0 = at<f32>(x, i * cols);
    const p1 = count > 1 ? at<f32>(p0, cols) : p0;
    const p2 = count > 2 ? at<f32>(p1, cols) : p1;
    const p3 = count > 3 ? at<f32>(p2, cols) : p2;
    let t0: f64 = 0, t1: f64 = 0, t2: f64 = 0, t3: f64 = 0;
    for (let q0 = 0; q0 < k4; q0 += BLOCK) {
      const q1 = min(q0 + BLOCK, k4);
      let s0 = zero, s1 = zero, s2 = zero, s3 = zero;
      for (let q = q0; q < q1; q += 4) {
        const wv = v128.load(at<f32>(w, q));
        s0 = f32x4.add(s0, f32x4.mul(v128.load(at<f32>(p0, q)), wv));
        s1 = f32x4.add(s1, f32x4.mul(v128.load(at<f32>(p1, q)), wv));
        s2 = f32x4.add(s2, f32x4.mul(v128.load(at<f32>(p2, q)), wv));
        s3 = f32x4.add(s3, f32x4.mul(v128.load(at<f32>(p3, q)), wv));
      }
      t0 += hsum(s0);
      t1 += hsum(s1);
      t2 += hsum(s2);
      t3 += hsum(s3);
    }
    for (let q = k4; q < cols; q++) {
      const wq = <f64>load<f32>(at<f32>(w, q));
      t0 += <f64>load<f32>(at<f32>(p0, q)) * wq;
      t1 += <f64>load<f32>(at<f32>(p1, q)) * wq;
      t2 += <f64>load<f32>(at<f32>(p2, q)) * wq;
      t3 += <f64>load<f32>(at<f32>(p3, q)) * wq;
    }
    // z rounded to float32, then the bias added in float32: what linear's gemm + biasAdd give.
    let z = f32x4.splat(<f32>t0);
    z = f32x4.replace_lane(z, 1, <f32>t1);
    z = f32x4.replace_lane(z, 2, <f32>t2);
    z = f32x4.replace_lane(z, 3, <f32>t3);
    z = f32x4.add(z, f32x4.splat(bias));
    const live = i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(count));
    const yv = lanesOf(y, i, count, 0);
    const sv = lanesOf(s, i, count, 1);
    const e = expf4(f32x4.neg(f32x4.abs(z)));
    const a = log1pf4(e);
    const l = f32x4.add(
      f32x4.mul(f32x4.sub(one, yv), f32x4.add(f32x4.max(z, zero), a)),
      f32x4.mul(yv, f32x4.add(f32x4.max(f32x4.neg(z), zero), a)),
    );
    loss += hsum(v128.and(f32x4.mul(sv, l), live));
    if (grad == 0) continue;
    // σ(z) from e without cancellation: 1/(1 + e) for z ≥ 0, e/(1 + e) below.
    const inv = f32x4.div(one, f32x4.add(one, e));
    const sig = v128.bitselect(inv, f32x4.mul(e, inv), f32x4.ge(z, zero));
    const g = v128.and(f32x4.mul(sv, f32x4.sub(sig, yv)), live);
    gb += hsum(g);
    const g0 = f32x4.splat(f32x4.extract_lane(g, 0));
    const g1 = f32x4.splat(f32x4.extract_lane(g, 1));
    const g2 = f32x4.splat(f32x4.extract_lane(g, 2));
    const g3 = f32x4.splat(f32x4.extract_lane(g, 3));
    for (let q = 0; q < k4; q += 4) {
      const o = <usize>q << 2;
      const d = f32x4.add(
        f32x4.add(f32x4.mul(g0, v128.load(p0 + o)), f32x4.mul(g1, v128.load(p1 + o))),
        f32x4.add(f32x4.mul(g2, v128.load(p2 + o)), f32x4.mul(g3, v128.load(p3 + o))),
      );
      v128.store(pg + o, f32x4.add(v128.load(pg + o), d));
    }
    for (let q = k4; q < cols; q++) {
      const o = <usize>q << 2;
      const d = f32x4.extract_lane(g0, 0) * load<f32>(p0 + o) + f32x4.extract_lane(g1, 0) * load<f32>(p1 + o)
        + (f32x4.extract_lane(g2, 0) * load<f32>(p2 + o) + f32x4.extract_lane(g3, 0) * load<f32>(p3 + o));
      store<f32>(pg + o, load<f32>(pg + o) + d);
    }
    rowsInBlock += 4;
    if (rowsInBlock >= BLOCK) {
      flush(pg, gw, cols);
      rowsInBlock = 0;
    }
  }
  if (grad != 0) flush(pg, gw, cols);
  store<f64>(totals, load<f64>(totals) + loss);
  store<f64>(totals, load<f64>(totals, 8) + gb, 8);
}
