// float32 transcendental functions on f32x4, within 2 ulp of the correctly rounded result over
// the whole float32 range (test/mathf.test.ts measures it against Math.fround(Math.f(x))).
// NaN in gives NaN out; ±Infinity, ±0 and subnormals give what Math.f gives.

const LOG2E: f32 = 1.44269504;
/** ln 2 split so that n·LN2_HI is exact for |n| < 2^15 (LN2_HI has 9 significant bits). */
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;

// @ts-ignore: decorator
@inline function splat(x: f32): v128 {
  return f32x4.splat(x);
}

/** 2^k for integer lanes k in [−126, 127], as floats. */
// @ts-ignore: decorator
@inline function pow2(k: v128): v128 {
  return i32x4.shl(i32x4.add(k, i32x4.splat(127)), 23);
}

/**
 * e^r − 1 for |r| ≤ ln2/2: r + r²·(1/2 + r/6 + … + r⁵/5040), the Taylor polynomial (truncation
 * below 3e-10 relative). Keeping r out of the Horner chain makes the rounding of the chain count
 * at r² ≤ 0.12 of its size: the whole stays under 1 ulp.
 */
// @ts-ignore: decorator
@inline function expm1Reduced(r: v128): v128 {
  let q = f32x4.add(splat(<f32>(1.0 / 720)), f32x4.mul(r, splat(<f32>(1.0 / 5040))));
  q = f32x4.add(splat(<f32>(1.0 / 120)), f32x4.mul(r, q));
  q = f32x4.add(splat(<f32>(1.0 / 24)), f32x4.mul(r, q));
  q = f32x4.add(splat(<f32>(1.0 / 6)), f32x4.mul(r, q));
  q = f32x4.add(splat(0.5), f32x4.mul(r, q));
  return f32x4.add(r, f32x4.mul(f32x4.mul(r, r), q));
}

/** e^x. */
export function expf4(x: v128): v128 {
  // Beyond these e^x is ∞ or 0 in float32; clamping keeps n in range. f32x4.min/max propagate NaN.
  const xc = f32x4.max(f32x4.min(x, splat(89)), splat(-104));
  const n = f32x4.nearest(f32x4.mul(xc, splat(LOG2E)));
  // Cody–Waite: x − n·ln2 in two steps, the first exact.
  const r = f32x4.sub(f32x4.sub(xc, f32x4.mul(n, splat(LN2_HI))), f32x4.mul(n, splat(LN2_LO)));
  const p = f32x4.add(splat(1), expm1Reduced(r));
  // 2^n as two factors 2^(n/2)·2^(n − n/2): each is a normal float for n ∈ [−150, 129], and
  // the product rounds once, also into the subnormal range.
  const ni = i32x4.trunc_sat_f32x4_s(n);
  const n1 = i32x4.shr_s(ni, 1);
  const n2 = i32x4.sub(ni, n1);
  return f32x4.mul(f32x4.mul(p, pow2(n1)), pow2(n2));
}

/** e^x − 1 for 0 ≤ x ≤ 20 (what tanh needs): no cancellation near 0. */
function expm1Small(x: v128): v128 {
  const n = f32x4.nearest(f32x4.mul(x, splat(LOG2E)));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(n, splat(LN2_HI))), f32x4.mul(n, splat(LN2_LO)));
  const q = expm1Reduced(r);
  const s = pow2(i32x4.trunc_sat_f32x4_s(n));
  // 2^n·(1 + q) − 1 = 2^n·q + (2^n − 1): both terms exact before the one rounding of the sum.
  return f32x4.add(f32x4.mul(s, q), f32x4.sub(s, splat(1)));
}

// log: the classic fdlibm/musl logf reduction and polynomial (error < 1 ulp), lane-wise.
const LG1: f32 = 0.66666662693;
const LG2: f32 = 0.40000972152;
const LG3: f32 = 0.28498786688;
const LG4: f32 = 0.24279078841;
const LN2_HI_LOG: f32 = 6.9313812256e-01;
const LN2_LO_LOG: f32 = 9.0580006145e-06;

/** ln x. */
export function logf4(x: v128): v128 {
  // Subnormals: scale by 2^23 into the normal range, take 23 off the exponent.
  const sub = f32x4.lt(x, splat(1.17549435e-38));
  const xs = v128.bitselect(f32x4.mul(x, splat(8388608)), x, sub);
  let ix = i32x4.add(xs, i32x4.splat(0x3f800000 - 0x3f3504f3));
  const k = i32x4.sub(i32x4.sub(i32x4.shr_s(ix, 23), i32x4.splat(0x7f)), v128.and(sub, i32x4.splat(23)));
  ix = i32x4.add(v128.and(ix, i32x4.splat(0x007fffff)), i32x4.splat(0x3f3504f3));
  // m ∈ [√2/2, √2): ln m = f − f²/2 + s·(f²/2 + R(s²)), s = f/(2 + f).
  const f = f32x4.sub(ix, splat(1));
  const s = f32x4.div(f, f32x4.add(splat(2), f));
  const z = f32x4.mul(s, s);
  const w = f32x4.mul(z, z);
  const t1 = f32x4.mul(w, f32x4.add(splat(LG2), f32x4.mul(w, splat(LG4))));
  const t2 = f32x4.mul(z, f32x4.add(splat(LG1), f32x4.mul(w, splat(LG3))));
  const R = f32x4.add(t2, t1);
  const hfsq = f32x4.mul(f32x4.mul(splat(0.5), f), f);
  const dk = f32x4.convert_i32x4_s(k);
  let y = f32x4.add(f32x4.mul(s, f32x4.add(hfsq, R)), f32x4.mul(dk, splat(LN2_LO_LOG)));
  y = f32x4.add(f32x4.add(f32x4.sub(y, hfsq), f), f32x4.mul(dk, splat(LN2_HI_LOG)));
  // Special lanes: x = 0 → −∞, x < 0 → NaN, x = +∞ → +∞, NaN → NaN.
  y = v128.bitselect(splat(-Infinity), y, f32x4.eq(x, splat(0)));
  y = v128.bitselect(splat(NaN), y, f32x4.lt(x, splat(0)));
  y = v128.bitselect(x, y, f32x4.ne(x, x));
  return v128.bitselect(x, y, f32x4.eq(x, splat(Infinity)));
}

/** ln(1 + x), exact near 0: ln u − ((u − 1) − x)/u with u = 1 + x rounded. */
export function log1pf4(x: v128): v128 {
  const u = f32x4.add(splat(1), x);
  const y = f32x4.sub(logf4(u), f32x4.div(f32x4.sub(f32x4.sub(u, splat(1)), x), u));
  // u = 1 exactly: the correction is x itself (y is right); u = 0 → −∞; u = ∞ → ∞ (the
  // correction would be ∞ − ∞).
  const inf = f32x4.eq(u, splat(Infinity));
  return v128.bitselect(logf4(u), y, v128.or(inf, f32x4.eq(u, splat(0))));
}

/** 1/(1 + e^−x), from e = e^−|x| ∈ (0, 1] so nothing overflows: 1/(1 + e) or e/(1 + e). */
export function sigmoidf4(x: v128): v128 {
  const e = expf4(f32x4.neg(f32x4.abs(x)));
  const num = v128.bitselect(splat(1), e, f32x4.ge(x, splat(0)));
  return f32x4.div(num, f32x4.add(splat(1), e));
}

/** ln(1 + e^x), linear above 20 as PyTorch's softplus (beta 1, threshold 20). */
export function softplusf4(x: v128): v128 {
  return v128.bitselect(x, log1pf4(expf4(x)), f32x4.gt(x, splat(20)));
}

/** ln σ(x) = min(x, 0) − ln(1 + e^−|x|): no overflow, no cancellation (as the CPU kernel). */
export function logSigmoidf4(x: v128): v128 {
  return f32x4.sub(f32x4.min(x, splat(0)), log1pf4(expf4(f32x4.neg(f32x4.abs(x)))));
}

/**
 * tanh x: an odd Taylor polynomial to x¹⁷ below |x| = 0.5625 (truncation < 4e-9 relative),
 * 1 − 2/(e^2|x| + 1) above (no cancellation there: tanh ≥ 0.51), sign restored last.
 */
export function tanhf4(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(ax, ax);
  let p = f32x4.add(splat(<f32>(-0.00059002744)), f32x4.mul(z, splat(<f32>0.00023912911)));
  p = f32x4.add(splat(<f32>0.0014558344), f32x4.mul(z, p));
  p = f32x4.add(splat(<f32>(-0.0035921280)), f32x4.mul(z, p));
  p = f32x4.add(splat(<f32>0.0088632355), f32x4.mul(z, p));
  p = f32x4.add(splat(<f32>(-0.021869488)), f32x4.mul(z, p));
  p = f32x4.add(splat(<f32>0.053968254), f32x4.mul(z, p));
  p = f32x4.add(splat(<f32>(-0.13333334)), f32x4.mul(z, p));
  p = f32x4.add(splat(<f32>0.33333334), f32x4.mul(z, p));
  const small = f32x4.sub(ax, f32x4.mul(f32x4.mul(ax, z), p));
  // Above 9.1, tanh rounds to 1; clamping keeps e^2|x| finite.
  const e = expm1Small(f32x4.mul(splat(2), f32x4.min(ax, splat(9.1))));
  const large = f32x4.sub(splat(1), f32x4.div(splat(2), f32x4.add(e, splat(2))));
  const t = v128.bitselect(small, large, f32x4.lt(ax, splat(0.5625)));
  // copysign(t, x); NaN stays NaN through both branches.
  return v128.or(v128.andnot(t, splat(-0.0)), v128.and(x, splat(-0.0)));
}
