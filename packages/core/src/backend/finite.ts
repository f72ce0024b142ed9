/**
 * The CPU kernel behind every finiteness check on data (training sets, gradients before a step,
 * parameters after one). x·0 is 0 for finite x and NaN for ±Infinity or NaN, so the sums stay 0
 * exactly when all are finite: one multiply-add per element and no branch. Four sums keep the
 * adds independent (one running sum waits on each add's latency), and each array type has a
 * loop of its own: a loop that has seen both float32 and float64 arrays reads every element
 * through a slower generic load (measured 1.3–3× on Node 20).
 */
import type { TypedArray } from '../dtype.js';

export function allFinite(x: TypedArray): boolean {
  if (x instanceof Float32Array) return finiteF32(x);
  if (x instanceof Float64Array) return finiteF64(x);
  return true; // int32 and bool hold only finite values
}

function finiteF32(a: Float32Array): boolean {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = a.length;
  const r = n % 4;
  // Remainder first, each loop with its own counter: a tail loop sharing the main loop's
  // counter made V8's code several times slower (measured, Node 20).
  for (let i = 0; i < r; i++) s0 += a[i]! * 0;
  for (let i = r; i < n; i += 4) {
    s0 += a[i]! * 0;
    s1 += a[i + 1]! * 0;
    s2 += a[i + 2]! * 0;
    s3 += a[i + 3]! * 0;
  }
  return s0 + s1 + s2 + s3 === 0;
}

// The same loop for float64 (see above for why it is written twice).
function finiteF64(a: Float64Array): boolean {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = a.length;
  const r = n % 4;
  for (let i = 0; i < r; i++) s0 += a[i]! * 0;
  for (let i = r; i < n; i += 4) {
    s0 += a[i]! * 0;
    s1 += a[i + 1]! * 0;
    s2 += a[i + 2]! * 0;
    s3 += a[i + 3]! * 0;
  }
  return s0 + s1 + s2 + s3 === 0;
}
