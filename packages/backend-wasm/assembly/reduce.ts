// Reductions over the middle axis of an [outer, len, inner] view: sum (accumulated in f64, as
// the CPU kernel, so float32 sums are not rounded per step), max and min (NaN wins, as torch.amax).
// Row sums (inner = 1) and column sums (outer = 1, the bias gradient) are the two common cases.

import { at } from './simd';

const SUM = 0, MAX = 1, MIN = 2;

/** Two f64x2 lanes from four f32 lanes. */
// @ts-ignore: decorator
@inline function lo64(v: v128): v128 { return f64x2.promote_low_f32x4(v); }
// @ts-ignore: decorator
@inline function hi64(v: v128): v128 { return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)); }

/** Σ of n contiguous elements in f64, four (f32) or two (f64) lanes at a time in two accumulators. */
// @ts-ignore: decorator
@inline function sumContiguous<T>(x: usize, n: i32): f64 {
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
  let i = 0;
  if (sizeof<T>() == 4) {
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(at<f32>(x, i));
      s0 = f64x2.add(s0, lo64(v));
      s1 = f64x2.add(s1, hi64(v));
    }
  } else {
    for (; i + 4 <= n; i += 4) {
      s0 = f64x2.add(s0, v128.load(at<f64>(x, i)));
      s1 = f64x2.add(s1, v128.load(at<f64>(x, i + 2)));
    }
  }
  const s = f64x2.add(s0, s1);
  let t = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < n; i++) t += <f64>load<T>(at<T>(x, i));
  return t;
}

// @ts-ignore: decorator
@inline function better<T>(op: i32, v: T, m: T): bool {
  // `v > m || isNaN(v)` for max, as the CPU kernel: the first NaN wins and then stays.
  return op == MAX ? v > m || v != v : v < m || v != v;
}

/**
 * out[o·inner + j] = reduce over r of x[(o·len + r)·inner + j]. `acc` is scratch for `inner`
 * doubles (sum with inner > 1 only).
 */
export function reduce3<T>(op: i32, x: usize, outer: i32, len: i32, inner: i32, out: usize, acc: usize): void {
  for (let o = 0; o < outer; o++) {
    const base = at<T>(x, o * len * inner);
    const dst = at<T>(out, o * inner);
    if (op == SUM) {
      if (inner == 1) {
        store<T>(dst, <T>sumContiguous<T>(base, len));
        continue;
      }
      memory.fill(acc, 0, <usize>inner << 3);
      for (let r = 0; r < len; r++) {
        const row = at<T>(base, r * inner);
        let j = 0;
        if (sizeof<T>() == 4) {
          for (; j + 4 <= inner; j += 4) {
            const v = v128.load(at<f32>(row, j));
            const a = at<f64>(acc, j);
            v128.store(a, f64x2.add(v128.load(a), lo64(v)));
            v128.store(a, f64x2.add(v128.load(a, 16), hi64(v)), 16);
          }
        } else {
          for (; j + 2 <= inner; j += 2) {
            const a = at<f64>(acc, j);
            v128.store(a, f64x2.add(v128.load(a), v128.load(at<f64>(row, j))));
          }
        }
        for (; j < inner; j++) store<f64>(at<f64>(acc, j), load<f64>(at<f64>(acc, j)) + <f64>load<T>(at<T>(row, j)));
      }
      for (let j = 0; j < inner; j++) store<T>(at<T>(dst, j), <T>load<f64>(at<f64>(acc, j)));
    } else {
      // max / min: scalar compares keep the CPU kernel's exact choice among ties and NaNs.
      const init: T = op == MAX ? <T>-Infinity : <T>Infinity;
      if (inner == 1) {
        let m = init;
        for (let r = 0; r < len; r++) {
          const v = load<T>(at<T>(base, r));
          if (better<T>(op, v, m)) m = v;
        }
        store<T>(dst, m);
        continue;
      }
      for (let j = 0; j < inner; j++) store<T>(at<T>(dst, j), init);
      for (let r = 0; r < len; r++) {
        const row = at<T>(base, r * inner);
        for (let j = 0; j < inner; j++) {
          const v = load<T>(at<T>(row, j));
          const d = at<T>(dst, j);
          if (better<T>(op, v, load<T>(d))) store<T>(d, v);
        }
      }
    }
  }
}
