// Elementwise kernels: unary functions (float32, SIMD math), binary arithmetic and comparisons
// with the broadcasts that training uses (float32 and float64), clamp.

import { expf4, log1pf4, logf4, logSigmoidf4, sigmoidf4, softplusf4, tanhf4 } from './mathf';
import { at, lanes, vadd, vdiv, vmul, vsplat, vsub } from './simd';

// Unary op codes (src/kernels.ts mirrors them).
const NEG = 0, EXP = 1, LOG = 2, LOG1P = 3, SQRT = 4, ABS = 5, SIGN = 6, SIGMOID = 7, TANH = 8, RELU = 9, SOFTPLUS = 10, LOGSIGMOID = 11;

// @ts-ignore: decorator
@inline function unary4(op: i32, v: v128): v128 {
  switch (op) {
    case NEG: return f32x4.neg(v);
    case EXP: return expf4(v);
    case LOG: return logf4(v);
    case LOG1P: return log1pf4(v);
    case SQRT: return f32x4.sqrt(v);
    case ABS: return f32x4.abs(v);
    case SIGN: {
      // Math.sign: ±1, and x itself for ±0 and NaN.
      const pos = v128.bitselect(f32x4.splat(1), v, f32x4.gt(v, f32x4.splat(0)));
      return v128.bitselect(f32x4.splat(-1), pos, f32x4.lt(v, f32x4.splat(0)));
    }
    case SIGMOID: return sigmoidf4(v);
    case TANH: return tanhf4(v);
    // `v <= 0 ? 0 : v`: NaN passes through, as the CPU kernel and PyTorch.
    case RELU: return v128.bitselect(f32x4.splat(0), v, f32x4.le(v, f32x4.splat(0)));
    case SOFTPLUS: return softplusf4(v);
    case LOGSIGMOID: return logSigmoidf4(v);
    default: return f32x4.splat(NaN);
  }
}

/** Applies `op` to every element. The op is picked once per loop (the switch folds after inlining). */
// @ts-ignore: decorator
@inline function unaryLoop(op: i32, x: usize, out: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) v128.store(at<f32>(out, i), unary4(op, v128.load(at<f32>(x, i))));
  for (let i = n4; i < n; i++) {
    store<f32>(at<f32>(out, i), f32x4.extract_lane(unary4(op, f32x4.splat(load<f32>(at<f32>(x, i)))), 0));
  }
}

export function unaryF32(op: i32, x: usize, out: usize, n: i32): void {
  switch (op) {
    case NEG: unaryLoop(NEG, x, out, n); break;
    case EXP: unaryLoop(EXP, x, out, n); break;
    case LOG: unaryLoop(LOG, x, out, n); break;
    case LOG1P: unaryLoop(LOG1P, x, out, n); break;
    case SQRT: unaryLoop(SQRT, x, out, n); break;
    case ABS: unaryLoop(ABS, x, out, n); break;
    case SIGN: unaryLoop(SIGN, x, out, n); break;
    case SIGMOID: unaryLoop(SIGMOID, x, out, n); break;
    case TANH: unaryLoop(TANH, x, out, n); break;
    case RELU: unaryLoop(RELU, x, out, n); break;
    case SOFTPLUS: unaryLoop(SOFTPLUS, x, out, n); break;
    case LOGSIGMOID: unaryLoop(LOGSIGMOID, x, out, n); break;
    default: unreachable();
  }
}

/** min(max(x, lo), hi) with NaN passing through, as the CPU kernel (`v < lo ? lo : v > hi ? hi : v`). */
export function clamp<T>(x: usize, lo: T, hi: T, out: usize, n: i32): void {
  const L = lanes<T>();
  const vlo = vsplat<T>(lo);
  const vhi = vsplat<T>(hi);
  const nv = n - n % L;
  for (let i = 0; i < nv; i += L) {
    const v = v128.load(at<T>(x, i));
    let r = v128.bitselect(vlo, v, lt<T>(v, vlo));
    r = v128.bitselect(vhi, r, gt<T>(v, vhi));
    v128.store(at<T>(out, i), r);
  }
  for (let i = nv; i < n; i++) {
    const v = load<T>(at<T>(x, i));
    store<T>(at<T>(out, i), v < lo ? lo : v > hi ? hi : v);
  }
}

// Binary op codes (src/kernels.ts mirrors them).
const ADD = 0, SUB = 1, MUL = 2, DIV = 3, MAXIMUM = 4, MINIMUM = 5, EQ = 6, GT = 7, GE = 8, LT = 9, LE = 10, NE = 11;

// @ts-ignore: decorator
@inline function lt<T>(a: v128, b: v128): v128 { return sizeof<T>() == 4 ? f32x4.lt(a, b) : f64x2.lt(a, b); }
// @ts-ignore: decorator
@inline function gt<T>(a: v128, b: v128): v128 { return sizeof<T>() == 4 ? f32x4.gt(a, b) : f64x2.gt(a, b); }
// @ts-ignore: decorator
@inline function le<T>(a: v128, b: v128): v128 { return sizeof<T>() == 4 ? f32x4.le(a, b) : f64x2.le(a, b); }
// @ts-ignore: decorator
@inline function ge<T>(a: v128, b: v128): v128 { return sizeof<T>() == 4 ? f32x4.ge(a, b) : f64x2.ge(a, b); }
// @ts-ignore: decorator
@inline function eq<T>(a: v128, b: v128): v128 { return sizeof<T>() == 4 ? f32x4.eq(a, b) : f64x2.eq(a, b); }
// @ts-ignore: decorator
@inline function ne<T>(a: v128, b: v128): v128 { return sizeof<T>() == 4 ? f32x4.ne(a, b) : f64x2.ne(a, b); }

// @ts-ignore: decorator
@inline function binary2<T>(op: i32, a: v128, b: v128): v128 {
  const one = vsplat<T>(<T>1);
  switch (op) {
    case ADD: return vadd<T>(a, b);
    case SUB: return vsub<T>(a, b);
    case MUL: return vmul<T>(a, b);
    case DIV: return vdiv<T>(a, b);
    // `isNaN(a) || a > b ? a : b`, exactly the CPU kernel's choice (also between −0 and +0).
    case MAXIMUM: return v128.bitselect(a, b, v128.or(gt<T>(a, b), ne<T>(a, a)));
    case MINIMUM: return v128.bitselect(a, b, v128.or(lt<T>(a, b), ne<T>(a, a)));
    case EQ: return v128.and(eq<T>(a, b), one);
    case GT: return v128.and(gt<T>(a, b), one);
    case GE: return v128.and(ge<T>(a, b), one);
    case LT: return v128.and(lt<T>(a, b), one);
    case LE: return v128.and(le<T>(a, b), one);
    case NE: return v128.and(ne<T>(a, b), one);
    default: return vsplat<T>(<T>NaN);
  }
}

/** One row: out[i] = a[i·sa] ∘ b[i·sb] with strides 0 or 1. */
// @ts-ignore: decorator
@inline function binaryRow<T>(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  const L = lanes<T>();
  const nv = n - n % L;
  if (sa == 1 && sb == 1) {
    for (let i = 0; i < nv; i += L) v128.store(at<T>(out, i), binary2<T>(op, v128.load(at<T>(a, i)), v128.load(at<T>(b, i))));
  } else if (sa == 1) {
    const vb = vsplat<T>(load<T>(b));
    for (let i = 0; i < nv; i += L) v128.store(at<T>(out, i), binary2<T>(op, v128.load(at<T>(a, i)), vb));
  } else if (sb == 0) {
    // Both operands repeated (scalar ∘ scalar broadcast to a shape): one value for the row.
    const r = binary2<T>(op, vsplat<T>(load<T>(a)), vsplat<T>(load<T>(b)));
    for (let i = 0; i < nv; i += L) v128.store(at<T>(out, i), r);
  } else {
    const va = vsplat<T>(load<T>(a));
    for (let i = 0; i < nv; i += L) v128.store(at<T>(out, i), binary2<T>(op, va, v128.load(at<T>(b, i))));
  }
  for (let i = nv; i < n; i++) {
    const r = binary2<T>(op, vsplat<T>(load<T>(at<T>(a, i * sa))), vsplat<T>(load<T>(at<T>(b, i * sb))));
    if (sizeof<T>() == 4) store<f32>(at<f32>(out, i), f32x4.extract_lane(r, 0));
    else store<f64>(at<f64>(out, i), f64x2.extract_lane(r, 0));
  }
}

/**
 * out[r, c] = a ∘ b over `rows` rows of `cols`. Each operand is read in one of four layouts:
 * 0 the full [rows, cols] array, 1 a row vector [cols] repeated, 2 a column [rows] repeated,
 * 3 a scalar. That covers x ∘ y, x ∘ bias, x ∘ column and x ∘ scalar in either order.
 */
export function binaryRows<T>(op: i32, a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const ar = aMode == 0 ? at<T>(a, r * cols) : aMode == 2 ? at<T>(a, r) : a;
    const br = bMode == 0 ? at<T>(b, r * cols) : bMode == 2 ? at<T>(b, r) : b;
    const sa = aMode <= 1 ? 1 : 0;
    const sb = bMode <= 1 ? 1 : 0;
    const o = at<T>(out, r * cols);
    switch (op) {
      case ADD: binaryRow<T>(ADD, ar, sa, br, sb, o, cols); break;
      case SUB: binaryRow<T>(SUB, ar, sa, br, sb, o, cols); break;
      case MUL: binaryRow<T>(MUL, ar, sa, br, sb, o, cols); break;
      case DIV: binaryRow<T>(DIV, ar, sa, br, sb, o, cols); break;
      case MAXIMUM: binaryRow<T>(MAXIMUM, ar, sa, br, sb, o, cols); break;
      case MINIMUM: binaryRow<T>(MINIMUM, ar, sa, br, sb, o, cols); break;
      case EQ: binaryRow<T>(EQ, ar, sa, br, sb, o, cols); break;
      case GT: binaryRow<T>(GT, ar, sa, br, sb, o, cols); break;
      case GE: binaryRow<T>(GE, ar, sa, br, sb, o, cols); break;
      case LT: binaryRow<T>(LT, ar, sa, br, sb, o, cols); break;
      case LE: binaryRow<T>(LE, ar, sa, br, sb, o, cols); break;
      case NE: binaryRow<T>(NE, ar, sa, br, sb, o, cols); break;
      default: unreachable();
    }
  }
}
