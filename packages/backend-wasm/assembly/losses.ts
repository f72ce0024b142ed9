// Fused loss kernels, forward and backward, with the formulas of @entropic/loss (PyTorch's
// values): binary cross-entropy on probabilities and on logits, softmax cross-entropy with class
// indices. float32 runs four lanes at a time on the SIMD math of mathf.ts; float64 runs scalar
// on f64 (AssemblyScript's Math, musl's < 1 ulp functions). Totals are always summed in f64.
//
// Optional arrays (weights, per-element outputs) are passed as address 0 when absent.

import { expf4, log1pf4, logf4 } from './mathf';
import { at } from './simd';

// @ts-ignore: decorator
@inline function splat(x: f32): v128 { return f32x4.splat(x); }

/** Four lanes of a float32 array, or `fill` where the array is absent. */
// @ts-ignore: decorator
@inline function loadOr(ptr: usize, i: i32, fill: f32): v128 {
  return ptr == 0 ? f32x4.splat(fill) : v128.load(at<f32>(ptr, i));
}

// @ts-ignore: decorator
@inline function hsum(v: v128): f64 {
  return <f64>f32x4.extract_lane(v, 0) + <f64>f32x4.extract_lane(v, 1) + <f64>f32x4.extract_lane(v, 2) + <f64>f32x4.extract_lane(v, 3);
}

// The float32 loops take four lanes at a time; the last n % 4 elements go through the same SIMD
// arithmetic one at a time on a splatted lane (and step i by 1), so every element is computed alike.

// ---------------------------------------------------------------- BCE with logits

/**
 * Per element `w·[(1 − y)·(max(x, 0) + a) + pw·y·(max(−x, 0) + a)]`, a = log1p(e), e = exp(−|x|).
 * Writes the losses to `loss` (if not 0) and e to `cache` (if not 0); returns their sum.
 */
export function bceWithLogitsF32(x: usize, y: usize, w: usize, pw: usize, n: i32, loss: usize, cache: usize): f64 {
  let total: f64 = 0;
  const n4 = n & ~3;
  for (let i = 0; i < n; i += 4) {
    const tail = i >= n4;
    const xv = tail ? f32x4.splat(load<f32>(at<f32>(x, i))) : v128.load(at<f32>(x, i));
    const yv = tail ? f32x4.splat(load<f32>(at<f32>(y, i))) : v128.load(at<f32>(y, i));
    const wv = tail ? f32x4.splat(w == 0 ? 1 : load<f32>(at<f32>(w, i))) : loadOr(w, i, 1);
    const pv = tail ? f32x4.splat(pw == 0 ? 1 : load<f32>(at<f32>(pw, i))) : loadOr(pw, i, 1);
    const e = expf4(f32x4.neg(f32x4.abs(xv)));
    const a = log1pf4(e);
    const zero = splat(0);
    const neg = f32x4.mul(f32x4.sub(splat(1), yv), f32x4.add(f32x4.max(xv, zero), a));
    const pos = f32x4.mul(pv, f32x4.mul(yv, f32x4.add(f32x4.max(f32x4.neg(xv), zero), a)));
    const l = f32x4.mul(wv, f32x4.add(neg, pos));
    if (tail) {
      const v = f32x4.extract_lane(l, 0);
      total += <f64>v;
      if (loss != 0) store<f32>(at<f32>(loss, i), v);
      if (cache != 0) store<f32>(at<f32>(cache, i), f32x4.extract_lane(e, 0));
      i -= 3; // the tail advances one element at a time
    } else {
      total += hsum(l);
      if (loss != 0) v128.store(at<f32>(loss, i), l);
      if (cache != 0) v128.store(at<f32>(cache, i), e);
    }
  }
  return total;
}

/**
 * gx = k·[(1 − y)·σ(x) − pw·y·(1 − σ(x))] with k = (g[i] or g0)·w, σ and 1 − σ from the cached
 * e = exp(−|x|) without subtraction.
 */
export function bceWithLogitsBackwardF32(x: usize, y: usize, w: usize, pw: usize, e: usize, g0: f32, g: usize, n: i32, gx: usize): void {
  const n4 = n & ~3;
  for (let i = 0; i < n; i += 4) {
    const tail = i >= n4;
    const xv = tail ? f32x4.splat(load<f32>(at<f32>(x, i))) : v128.load(at<f32>(x, i));
    const yv = tail ? f32x4.splat(load<f32>(at<f32>(y, i))) : v128.load(at<f32>(y, i));
    const wv = tail ? f32x4.splat(w == 0 ? 1 : load<f32>(at<f32>(w, i))) : loadOr(w, i, 1);
    const pv = tail ? f32x4.splat(pw == 0 ? 1 : load<f32>(at<f32>(pw, i))) : loadOr(pw, i, 1);
    const gv = tail ? f32x4.splat(g == 0 ? g0 : load<f32>(at<f32>(g, i))) : loadOr(g, i, g0);
    const ev = tail ? f32x4.splat(load<f32>(at<f32>(e, i))) : v128.load(at<f32>(e, i));
    const inv = f32x4.div(splat(1), f32x4.add(splat(1), ev));
    const nonneg = f32x4.ge(xv, splat(0));
    const sig = v128.bitselect(inv, f32x4.mul(ev, inv), nonneg);
    const rest = v128.bitselect(f32x4.mul(ev, inv), inv, nonneg);
    const k = f32x4.mul(gv, wv);
    const r = f32x4.mul(k, f32x4.sub(f32x4.mul(f32x4.sub(splat(1), yv), sig), f32x4.mul(f32x4.mul(pv, yv), rest)));
    if (tail) {
      store<f32>(at<f32>(gx, i), f32x4.extract_lane(r, 0));
      i -= 3;
    } else {
      v128.store(at<f32>(gx, i), r);
    }
  }
}

export function bceWithLogitsF64(x: usize, y: usize, w: usize, pw: usize, n: i32, loss: usize, cache: usize): f64 {
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    const z = load<f64>(at<f64>(x, i));
    const t = load<f64>(at<f64>(y, i));
    const e = Math.exp(-Math.abs(z));
    const a = Math.log1p(e);
    if (cache != 0) store<f64>(at<f64>(cache, i), e);
    const pos = t * (Math.max(-z, 0) + a);
    let l = (1 - t) * (Math.max(z, 0) + a) + (pw == 0 ? pos : load<f64>(at<f64>(pw, i)) * pos);
    if (w != 0) l *= load<f64>(at<f64>(w, i));
    if (loss != 0) store<f64>(at<f64>(loss, i), l);
    total += l;
  }
  return total;
}

export function bceWithLogitsBackwardF64(x: usize, y: usize, w: usize, pw: usize, e: usize, g0: f64, g: usize, n: i32, gx: usize): void {
  for (let i = 0; i < n; i++) {
    const z = load<f64>(at<f64>(x, i));
    const t = load<f64>(at<f64>(y, i));
    const k = (g == 0 ? g0 : load<f64>(at<f64>(g, i))) * (w == 0 ? 1 : load<f64>(at<f64>(w, i)));
    const p = pw == 0 ? 1 : load<f64>(at<f64>(pw, i));
    const ev = load<f64>(at<f64>(e, i));
    const inv = 1 / (1 + ev);
    const sig = z >= 0 ? inv : ev * inv;
    const rest = z >= 0 ? ev * inv : inv;
    store<f64>(at<f64>(gx, i), k * ((1 - t) * sig - p * t * rest));
  }
}

// ---------------------------------------------------------------- BCE on probabilities

/** PyTorch clamps each log at −100 so p ∈ {0, 1} gives a finite loss. */
const LOG_FLOOR: f32 = -100;
/** PyTorch's floor on p(1 − p) in the gradient. */
const GRAD_EPS: f64 = 1e-12;

/** Per element `w·[(y − 1)·max(log1p(−p), −100) − y·max(log p, −100)]`; returns the sum. */
export function bceF32(p: usize, y: usize, w: usize, n: i32, loss: usize): f64 {
  let total: f64 = 0;
  const n4 = n & ~3;
  for (let i = 0; i < n; i += 4) {
    const tail = i >= n4;
    const pv = tail ? f32x4.splat(load<f32>(at<f32>(p, i))) : v128.load(at<f32>(p, i));
    const yv = tail ? f32x4.splat(load<f32>(at<f32>(y, i))) : v128.load(at<f32>(y, i));
    const wv = tail ? f32x4.splat(w == 0 ? 1 : load<f32>(at<f32>(w, i))) : loadOr(w, i, 1);
    const l1 = f32x4.max(log1pf4(f32x4.neg(pv)), splat(LOG_FLOOR));
    const l0 = f32x4.max(logf4(pv), splat(LOG_FLOOR));
    const l = f32x4.mul(wv, f32x4.sub(f32x4.mul(f32x4.sub(yv, splat(1)), l1), f32x4.mul(yv, l0)));
    if (tail) {
      const v = f32x4.extract_lane(l, 0);
      total += <f64>v;
      if (loss != 0) store<f32>(at<f32>(loss, i), v);
      i -= 3;
    } else {
      total += hsum(l);
      if (loss != 0) v128.store(at<f32>(loss, i), l);
    }
  }
  return total;
}

/** gx = k·(p − y)/max((1 − p)·p, 1e-12), k = (g[i] or g0)·w; in f64 like the CPU kernel (the floor is below float32's range). */
export function bceBackwardF32(p: usize, y: usize, w: usize, g0: f64, g: usize, n: i32, gx: usize): void {
  for (let i = 0; i < n; i++) {
    const pv = <f64>load<f32>(at<f32>(p, i));
    const t = <f64>load<f32>(at<f32>(y, i));
    const k = (g == 0 ? g0 : <f64>load<f32>(at<f32>(g, i))) * (w == 0 ? 1 : <f64>load<f32>(at<f32>(w, i)));
    store<f32>(at<f32>(gx, i), <f32>((k * (pv - t)) / Math.max((1 - pv) * pv, GRAD_EPS)));
  }
}

export function bceF64(p: usize, y: usize, w: usize, n: i32, loss: usize): f64 {
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    const pv = load<f64>(at<f64>(p, i));
    const t = load<f64>(at<f64>(y, i));
    let l = (t - 1) * Math.max(Math.log1p(-pv), <f64>LOG_FLOOR) - t * Math.max(Math.log(pv), <f64>LOG_FLOOR);
    if (w != 0) l *= load<f64>(at<f64>(w, i));
    if (loss != 0) store<f64>(at<f64>(loss, i), l);
    total += l;
  }
  return total;
}

export function bceBackwardF64(p: usize, y: usize, w: usize, g0: f64, g: usize, n: i32, gx: usize): void {
  for (let i = 0; i < n; i++) {
    const pv = load<f64>(at<f64>(p, i));
    const t = load<f64>(at<f64>(y, i));
    const k = (g == 0 ? g0 : load<f64>(at<f64>(g, i))) * (w == 0 ? 1 : load<f64>(at<f64>(w, i)));
    store<f64>(at<f64>(gx, i), (k * (pv - t)) / Math.max((1 - pv) * pv, GRAD_EPS));
  }
}

// ---------------------------------------------------------------- softmax cross-entropy

/**
 * Cross-entropy of logits x [n, c] against class indices t [n] (int32), per row
 * `wt[t]·(log Σ_k exp(x_k − m) − (x_t − m))`, mixed with label smoothing ε as
 * `(1 − ε)·that + ε/c·Σ_k w_k·(logS − (x_k − m))`. Rows whose target is `ignoreIndex` give 0.
 * Numerical trap (as the CPU kernel): Σ exp is kept as 1 + rest with the argmax's term split
 * off, so log Σ = log1p(rest) and 1 − p_max = rest/(1 + rest) keep their digits.
 * Writes per row: loss (if not 0), and for the backward max and rest [n] (f64), arg [n] (i32), and
 * exp(x − m) [n, c] into `e` (if not 0). Returns Σ of the losses; Σ of the weights of the rows
 * that count goes to `weightTotal` (one f64).
 */
export function crossEntropyF32(
  x: usize, t: usize, n: i32, c: i32, w: usize, ignoreIndex: i32, eps: f64,
  loss: usize, max: usize, rest: usize, arg: usize, e: usize, weightTotal: usize,
): f64 {
  let total: f64 = 0;
  let wTotal: f64 = 0;
  const c4 = c & ~3;
  for (let i = 0; i < n; i++) {
    const row = at<f32>(x, i * c);
    // max and argmax: `v > m || isNaN(v)`, the first NaN wins.
    let mx: f32 = -Infinity;
    let am = 0;
    for (let k = 0; k < c; k++) {
      const v = load<f32>(at<f32>(row, k));
      if (v > mx || v != v) { mx = v; am = k; }
    }
    const mv = f32x4.splat(mx);
    // rest = Σ_{k ≠ argmax} exp(x_k − max): the argmax's term (exactly 1) is masked out, not
    // subtracted afterwards, which would lose a rest below 2⁻⁵³ (a confident prediction's 1 − p).
    let r: f64 = 0;
    const er = e == 0 ? 0 : at<f32>(e, i * c);
    const amv = i32x4.splat(am);
    let lane = i32x4(0, 1, 2, 3);
    let k = 0;
    for (; k < c4; k += 4) {
      const ek = expf4(f32x4.sub(v128.load(at<f32>(row, k)), mv));
      if (er != 0) v128.store(at<f32>(er, k), ek);
      r += hsum(v128.and(ek, i32x4.ne(lane, amv)));
      lane = i32x4.add(lane, i32x4.splat(4));
    }
    for (; k < c; k++) {
      const ek = f32x4.extract_lane(expf4(f32x4.splat(load<f32>(at<f32>(row, k)) - mx)), 0);
      if (er != 0) store<f32>(at<f32>(er, k), ek);
      if (k != am) r += <f64>ek;
    }
    if (max != 0) store<f64>(at<f64>(max, i), <f64>mx);
    if (rest != 0) store<f64>(at<f64>(rest, i), r);
    if (arg != 0) store<i32>(at<i32>(arg, i), am);
    const cls = load<i32>(at<i32>(t, i));
    let l: f64 = 0;
    if (cls != ignoreIndex) {
      const logS = Math.log1p(r);
      const m = <f64>mx;
      const wt = w == 0 ? 1 : <f64>load<f32>(at<f32>(w, cls));
      wTotal += wt;
      l = wt * (logS - (<f64>load<f32>(at<f32>(row, cls)) - m));
      if (eps > 0) {
        let smooth: f64 = 0;
        for (let j = 0; j < c; j++) smooth += (w == 0 ? 1 : <f64>load<f32>(at<f32>(w, j))) * (logS - (<f64>load<f32>(at<f32>(row, j)) - m));
        l = (1 - eps) * l + (eps / c) * smooth;
      }
    }
    if (loss != 0) store<f32>(at<f32>(loss, i), <f32>l);
    total += l;
  }
  store<f64>(weightTotal, wTotal);
  return total;
}

/**
 * gx[i, k] = a·p_k − a·[k = t] + b·(p_k·wSum − w_k), a = g_i·(1 − ε)·w[t], b = g_i·ε/c,
 * p_k = e_k/(1 + rest); the target's 1 − p at the argmax is −rest/(1 + rest) (no cancellation).
 * Rows whose target is ignoreIndex get 0.
 */
export function crossEntropyBackwardF32(
  e: usize, rest: usize, arg: usize, t: usize, n: i32, c: i32, w: usize, ignoreIndex: i32, eps: f64, wSum: f64,
  g0: f64, g: usize, gx: usize,
): void {
  for (let i = 0; i < n; i++) {
    const gr = at<f32>(gx, i * c);
    const cls = load<i32>(at<i32>(t, i));
    if (cls == ignoreIndex) {
      memory.fill(gr, 0, <usize>c << 2);
      continue;
    }
    const kp = g == 0 ? g0 : <f64>load<f32>(at<f32>(g, i));
    const a = kp * (1 - eps) * (w == 0 ? 1 : <f64>load<f32>(at<f32>(w, cls)));
    const b = (kp * eps) / c;
    const r = load<f64>(at<f64>(rest, i));
    const inv = 1 / (1 + r);
    const am = load<i32>(at<i32>(arg, i));
    const er = at<f32>(e, i * c);
    for (let k = 0; k < c; k++) {
      const pk = <f64>load<f32>(at<f32>(er, k)) * inv;
      let v = k != cls ? a * pk : k == am ? -a * r * inv : a * pk - a;
      if (eps > 0) v += b * (pk * wSum - (w == 0 ? 1 : <f64>load<f32>(at<f32>(w, k))));
      store<f32>(at<f32>(gr, k), <f32>v);
    }
  }
}

/** crossEntropyF32 for float64 logits (and weights, losses, e): scalar f64 throughout, as the CPU kernel. */
export function crossEntropyF64(
  x: usize, t: usize, n: i32, c: i32, w: usize, ignoreIndex: i32, eps: f64,
  loss: usize, max: usize, rest: usize, arg: usize, e: usize, weightTotal: usize,
): f64 {
  let total: f64 = 0;
  let wTotal: f64 = 0;
  for (let i = 0; i < n; i++) {
    const row = at<f64>(x, i * c);
    let mx: f64 = -Infinity;
    let am = 0;
    for (let k = 0; k < c; k++) {
      const v = load<f64>(at<f64>(row, k));
      if (v > mx || v != v) { mx = v; am = k; }
    }
    let sum: f64 = 0;
    for (let k = 0; k < c; k++) {
      const ek = Math.exp(load<f64>(at<f64>(row, k)) - mx);
      if (e != 0) store<f64>(at<f64>(e, i * c + k), ek);
      if (k != am) sum += ek;
    }
    if (max != 0) store<f64>(at<f64>(max, i), mx);
    if (rest != 0) store<f64>(at<f64>(rest, i), sum);
    if (arg != 0) store<i32>(at<i32>(arg, i), am);
    const cls = load<i32>(at<i32>(t, i));
    let l: f64 = 0;
    if (cls != ignoreIndex) {
      const logS = Math.log1p(sum);
      const wt = w == 0 ? 1 : load<f64>(at<f64>(w, cls));
      wTotal += wt;
      l = wt * (logS - (load<f64>(at<f64>(row, cls)) - mx));
      if (eps > 0) {
        let smooth: f64 = 0;
        for (let j = 0; j < c; j++) smooth += (w == 0 ? 1 : load<f64>(at<f64>(w, j))) * (logS - (load<f64>(at<f64>(row, j)) - mx));
        l = (1 - eps) * l + (eps / c) * smooth;
      }
    }
    if (loss != 0) store<f64>(at<f64>(loss, i), l);
    total += l;
  }
  store<f64>(weightTotal, wTotal);
  return total;
}

export function crossEntropyBackwardF64(
  e: usize, rest: usize, arg: usize, t: usize, n: i32, c: i32, w: usize, ignoreIndex: i32, eps: f64, wSum: f64,
  g0: f64, g: usize, gx: usize,
): void {
  for (let i = 0; i < n; i++) {
    const gr = at<f64>(gx, i * c);
    const cls = load<i32>(at<i32>(t, i));
    if (cls == ignoreIndex) {
      memory.fill(gr, 0, <usize>c << 3);
      continue;
    }
    const kp = g == 0 ? g0 : load<f64>(at<f64>(g, i));
    const a = kp * (1 - eps) * (w == 0 ? 1 : load<f64>(at<f64>(w, cls)));
    const b = (kp * eps) / c;
    const r = load<f64>(at<f64>(rest, i));
    const inv = 1 / (1 + r);
    const am = load<i32>(at<i32>(arg, i));
    for (let k = 0; k < c; k++) {
      const pk = load<f64>(at<f64>(e, i * c + k)) * inv;
      let v = k != cls ? a * pk : k == am ? -a * r * inv : a * pk - a;
      if (eps > 0) v += b * (pk * wSum - (w == 0 ? 1 : load<f64>(at<f64>(w, k))));
      store<f64>(at<f64>(gr, k), v);
    }
  }
}
