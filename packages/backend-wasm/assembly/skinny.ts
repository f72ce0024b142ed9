// The skinny float32 products of linear models, where packing would cost as much as the product:
//   X·W with few output columns (logits of logistic / softmax-with-few-classes regression), and
//   Gᵀ·X with few rows (their weight gradients).
// Both stream X once. Partial sums are kept in f32x4 over blocks of at most BLOCK terms and
// then added into f64, so the result is as accurate as the CPU kernel's double sums (to ~1e-7
// relative) over any length, at the speed of float32 SIMD.

import { at } from './simd';

/** Terms summed in float32 before a flush into the f64 totals (error ≲ √BLOCK·2⁻²⁴ relative). */
const BLOCK: i32 = 64;

// @ts-ignore: decorator
@inline function hsum(v: v128): f64 {
  const lo = f64x2.promote_low_f32x4(v);
  const hi = f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1));
  const s = f64x2.add(lo, hi);
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

/** c[0..3] = rows r..r+3 of A (row stride ars) · b, for dotRowsF32's one-column case. */
function dotFourRows(r: usize, ars: i32, k: i32, b: usize, c: usize): void {
  const k4 = k & ~3;
  const r1 = at<f32>(r, ars);
  const r2 = at<f32>(r1, ars);
  const r3 = at<f32>(r2, ars);
  let t0: f64 = 0, t1: f64 = 0, t2: f64 = 0, t3: f64 = 0;
  for (let p0 = 0; p0 < k4; p0 += BLOCK) {
    const p1 = min(p0 + BLOCK, k4);
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    for (let p = p0; p < p1; p += 4) {
      const y = v128.load(at<f32>(b, p));
      s0 = f32x4.add(s0, f32x4.mul(v128.load(at<f32>(r, p)), y));
      s1 = f32x4.add(s1, f32x4.mul(v128.load(at<f32>(r1, p)), y));
      s2 = f32x4.add(s2, f32x4.mul(v128.load(at<f32>(r2, p)), y));
      s3 = f32x4.add(s3, f32x4.mul(v128.load(at<f32>(r3, p)), y));
    }
    t0 += hsum(s0);
    t1 += hsum(s1);
    t2 += hsum(s2);
    t3 += hsum(s3);
  }
  for (let p = k4; p < k; p++) {
    const y = <f64>load<f32>(at<f32>(b, p));
    t0 += <f64>load<f32>(at<f32>(r, p)) * y;
    t1 += <f64>load<f32>(at<f32>(r1, p)) * y;
    t2 += <f64>load<f32>(at<f32>(r2, p)) * y;
    t3 += <f64>load<f32>(at<f32>(r3, p)) * y;
  }
  store<f32>(c, <f32>t0);
  store<f32>(c, <f32>t1, 4);
  store<f32>(c, <f32>t2, 8);
  store<f32>(c, <f32>t3, 12);
}

/**
 * C[i, j] = Σ_p A[i, p]·B[p, j] for n ≤ 4 columns: A's rows contiguous (row stride ars), B's
 * columns contiguous (column j at b + j·bcs). C is row-major [m, n].
 */
export function dotRowsF32(m: i32, n: i32, k: i32, a: usize, ars: i32, b: usize, bcs: i32, c: usize): void {
  const k4 = k & ~3;
  const b0 = b;
  const b1 = at<f32>(b, bcs);
  const b2 = at<f32>(b, 2 * bcs);
  const b3 = at<f32>(b, 3 * bcs);
  let i = 0;
  // One column: four rows at a time, so that four sums are in flight instead of one chain of
  // dependent adds (the single chain ran at add latency, not at memory speed). Each row's sum
  // is formed exactly as below, so the results do not depend on the path.
  if (n == 1) for (; i + 4 <= m; i += 4) dotFourRows(at<f32>(a, i * ars), ars, k, b0, at<f32>(c, i));
  for (; i < m; i++) {
    const row = at<f32>(a, i * ars);
    let t0: f64 = 0, t1: f64 = 0, t2: f64 = 0, t3: f64 = 0;
    for (let p0 = 0; p0 < k4; p0 += BLOCK) {
      const p1 = min(p0 + BLOCK, k4);
      let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
      for (let p = p0; p < p1; p += 4) {
        const x = v128.load(at<f32>(row, p));
        s0 = f32x4.add(s0, f32x4.mul(x, v128.load(at<f32>(b0, p))));
        if (n > 1) s1 = f32x4.add(s1, f32x4.mul(x, v128.load(at<f32>(b1, p))));
        if (n > 2) s2 = f32x4.add(s2, f32x4.mul(x, v128.load(at<f32>(b2, p))));
        if (n > 3) s3 = f32x4.add(s3, f32x4.mul(x, v128.load(at<f32>(b3, p))));
      }
      t0 += hsum(s0);
      t1 += hsum(s1);
      t2 += hsum(s2);
      t3 += hsum(s3);
    }
    for (let p = k4; p < k; p++) {
      const x = <f64>load<f32>(at<f32>(row, p));
      t0 += x * <f64>load<f32>(at<f32>(b0, p));
      if (n > 1) t1 += x * <f64>load<f32>(at<f32>(b1, p));
      if (n > 2) t2 += x * <f64>load<f32>(at<f32>(b2, p));
      if (n > 3) t3 += x * <f64>load<f32>(at<f32>(b3, p));
    }
    const ci = at<f32>(c, i * n);
    store<f32>(ci, <f32>t0);
    if (n > 1) store<f32>(ci, <f32>t1, 4);
    if (n > 2) store<f32>(ci, <f32>t2, 8);
    if (n > 3) store<f32>(ci, <f32>t3, 12);
  }
}

/**
 * acc[i, :] += Σ_{p in [0, len)} A[i, p0 + p]·B[p, :] for m ≤ 4 rows: A element (i, q) at
 * a + 4·(i·ars + q·acs), B's `len` rows contiguous with row stride brs (this call's block of B),
 * acc a row-major [m, n] array of f64 totals. `part` is scratch for m·n floats. Called block by
 * block as the rows of B are copied in, so B is read from memory once.
 */
export function streamRowsF32(
  m: i32, n: i32, len: i32, p0: i32, a: usize, ars: i32, acs: i32, b: usize, brs: i32, acc: usize, part: usize,
): void {
  const n4 = n & ~3;
  for (let q0 = 0; q0 < len; q0 += BLOCK) {
    const q1 = min(q0 + BLOCK, len);
    memory.fill(part, 0, <usize>(m * n) << 2);
    for (let i = 0; i < m; i++) {
      const pr = at<f32>(part, i * n);
      const ai = at<f32>(a, i * ars + p0 * acs);
      let q = q0;
      // Four rows of B per pass over the partial row: a quarter of the loads and stores of it.
      for (; q + 4 <= q1; q += 4) {
        const x0 = v128.load32_splat(at<f32>(ai, q * acs));
        const x1 = v128.load32_splat(at<f32>(ai, (q + 1) * acs));
        const x2 = v128.load32_splat(at<f32>(ai, (q + 2) * acs));
        const x3 = v128.load32_splat(at<f32>(ai, (q + 3) * acs));
        const r0 = at<f32>(b, q * brs);
        const r1 = at<f32>(r0, brs);
        const r2 = at<f32>(r1, brs);
        const r3 = at<f32>(r2, brs);
        for (let j = 0; j < n4; j += 4) {
          const o = <usize>j << 2;
          const s = f32x4.add(
            f32x4.add(f32x4.mul(x0, v128.load(r0 + o)), f32x4.mul(x1, v128.load(r1 + o))),
            f32x4.add(f32x4.mul(x2, v128.load(r2 + o)), f32x4.mul(x3, v128.load(r3 + o))),
          );
          v128.store(pr + o, f32x4.add(v128.load(pr + o), s));
        }
        for (let j = n4; j < n; j++) {
          const o = <usize>j << 2;
          const s = f32x4.extract_lane(x0, 0) * load<f32>(r0 + o) + f32x4.extract_lane(x1, 0) * load<f32>(r1 + o)
            + (f32x4.extract_lane(x2, 0) * load<f32>(r2 + o) + f32x4.extract_lane(x3, 0) * load<f32>(r3 + o));
          store<f32>(pr + o, load<f32>(pr + o) + s);
        }
      }
      for (; q < q1; q++) {
        const x = v128.load32_splat(at<f32>(ai, q * acs));
        const r0 = at<f32>(b, q * brs);
        for (let j = 0; j < n4; j += 4) {
          const o = <usize>j << 2;
          v128.store(pr + o, f32x4.add(v128.load(pr + o), f32x4.mul(x, v128.load(r0 + o))));
        }
        for (let j = n4; j < n; j++) {
          const o = <usize>j << 2;
          store<f32>(pr + o, load<f32>(pr + o) + f32x4.extract_lane(x, 0) * load<f32>(r0 + o));
        }
      }
    }
    // Flush the block's float32 partial sums into the f64 totals.
    const total = m * n;
    let t = 0;
    for (; t + 4 <= total; t += 4) {
      const v = v128.load(at<f32>(part, t));
      const d = at<f64>(acc, t);
      v128.store(d, f64x2.add(v128.load(d), f64x2.promote_low_f32x4(v)));
      v128.store(d, f64x2.add(v128.load(d, 16), f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1))), 16);
    }
    for (; t < total; t++) store<f64>(at<f64>(acc, t), load<f64>(at<f64>(acc, t)) + <f64>load<f32>(at<f32>(part, t)));
  }
}

/** Rounds n f64 totals into float32. */
export function storeF64AsF32(src: usize, dst: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f32>(at<f32>(dst, i), <f32>load<f64>(at<f64>(src, i)));
}

// The thread pool's chunked signature (m0, m1, _, _, k, a, ars, acs, b, brs, bcs, c, ldc, work):
// a worker claims rows [m0, m1) of a job. The two skinny products over an X held in memory
// (no copies to overlap with) are cut into such row ranges.

/** Rows [m0, m1) of dotRowsF32 over A's rows; n rides in the third argument. */
export function dotRowsRangeF32(
  m0: i32, m1: i32, n: i32, _n1: i32, k: i32, a: usize, ars: i32, _acs: i32, b: usize, _brs: i32, bcs: i32, c: usize, _ldc: i32, _work: usize,
): void {
  dotRowsF32(m1 - m0, n, k, at<f32>(a, m0 * ars), ars, b, bcs, at<f32>(c, m0 * n));
}

/**
 * Rows [p0, p1) of B (the summed-over axis) of streamRowsF32, added into the f64 totals of slot
 * p0 / step: each chunk has its own slot (m·n f64 totals at acc, then m·n floats of scratch at
 * part), so the totals do not depend on which thread ran which chunk; the caller sums the slots
 * in order. m, n and the chunk size ride in places of the signature this kernel has no use for.
 */
export function streamRowsRangeF32(
  p0: i32, p1: i32, m: i32, n: i32, step: i32, a: usize, ars: i32, acs: i32, b: usize, brs: i32, acc: usize, part: usize, _ldc: i32, _work: usize,
): void {
  const slot = p0 / step;
  streamRowsF32(m, n, p1 - p0, p0, a, ars, acs, at<f32>(b, p0 * brs), brs, at<f64>(acc, slot * m * n), at<f32>(part, slot * m * n));
}
