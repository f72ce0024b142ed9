// The module's exports: plain functions over addresses in the linear memory (shared between
// threads when there are workers). The JavaScript side owns the memory layout, copies operands
// in and results out (src/). Generic kernels are exported once per dtype.
import { gemm, gemmWorkBytes } from './gemm';
import { binaryRows, clamp, unaryF32 } from './elementwise';
import { reduce3 } from './reduce';
import { linearBceWithLogitsF32 } from './linear-loss';
import { dotRowsF32, dotRowsRangeF32, storeF64AsF32, streamRowsF32, streamRowsRangeF32 } from './skinny';
import { adamStep, sgdStep } from './optim';

export { linearBceWithLogitsF32 };
export { gemmWorkBytes, unaryF32, dotRowsF32, streamRowsF32, dotRowsRangeF32, streamRowsRangeF32, storeF64AsF32 };
export {
  bceWithLogitsF32, bceWithLogitsBackwardF32, bceWithLogitsF64, bceWithLogitsBackwardF64,
  bceF32, bceBackwardF32, bceF64, bceBackwardF64, crossEntropyF32, crossEntropyBackwardF32, crossEntropyF64, crossEntropyBackwardF64,
} from './losses';

export function gemmF32(
  m0: i32, m1: i32, n0: i32, n1: i32, k: i32, a: usize, ars: i32, acs: i32, b: usize, brs: i32, bcs: i32, c: usize, ldc: i32, work: usize,
): void {
  gemm<f32>(m0, m1, n0, n1, k, a, ars, acs, b, brs, bcs, c, ldc, work);
}

export function gemmF64(
  m0: i32, m1: i32, n0: i32, n1: i32, k: i32, a: usize, ars: i32, acs: i32, b: usize, brs: i32, bcs: i32, c: usize, ldc: i32, work: usize,
): void {
  gemm<f64>(m0, m1, n0, n1, k, a, ars, acs, b, brs, bcs, c, ldc, work);
}

export function binaryRowsF32(op: i32, a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32): void {
  binaryRows<f32>(op, a, aMode, b, bMode, out, rows, cols);
}

export function binaryRowsF64(op: i32, a: usize, aMode: i32, b: usize, bMode: i32, out: usize, rows: i32, cols: i32): void {
  binaryRows<f64>(op, a, aMode, b, bMode, out, rows, cols);
}

export function clampF32(x: usize, lo: f32, hi: f32, out: usize, n: i32): void {
  clamp<f32>(x, lo, hi, out, n);
}

export function clampF64(x: usize, lo: f64, hi: f64, out: usize, n: i32): void {
  clamp<f64>(x, lo, hi, out, n);
}

export function reduceF32(op: i32, x: usize, outer: i32, len: i32, inner: i32, out: usize, acc: usize): void {
  reduce3<f32>(op, x, outer, len, inner, out, acc);
}

export function reduceF64(op: i32, x: usize, outer: i32, len: i32, inner: i32, out: usize, acc: usize): void {
  reduce3<f64>(op, x, outer, len, inner, out, acc);
}

export function sgdF32(
  param: usize, grad: usize, buf: usize, n: i32, lr: f64, momentum: f64, dampening: f64, wd: f64, nesterov: bool, maximize: bool, first: bool,
): void {
  sgdStep<f32>(param, grad, buf, n, lr, momentum, dampening, wd, nesterov, maximize, first);
}

export function sgdF64(
  param: usize, grad: usize, buf: usize, n: i32, lr: f64, momentum: f64, dampening: f64, wd: f64, nesterov: bool, maximize: bool, first: bool,
): void {
  sgdStep<f64>(param, grad, buf, n, lr, momentum, dampening, wd, nesterov, maximize, first);
}

export function adamF32(
  param: usize, grad: usize, m: usize, v: usize, vmax: usize, n: i32,
  beta1: f64, beta2: f64, negStepSize: f64, bias2Sqrt: f64, eps: f64, wd: f64, decay: f64, decoupled: bool, maximize: bool,
): void {
  adamStep<f32>(param, grad, m, v, vmax, n, beta1, beta2, negStepSize, bias2Sqrt, eps, wd, decay, decoupled, maximize);
}

export function adamF64(
  param: usize, grad: usize, m: usize, v: usize, vmax: usize, n: i32,
  beta1: f64, beta2: f64, negStepSize: f64, bias2Sqrt: f64, eps: f64, wd: f64, decay: f64, decoupled: bool, maximize: bool,
): void {
  adamStep<f64>(param, grad, m, v, vmax, n, beta1, beta2, negStepSize, bias2Sqrt, eps, wd, decay, decoupled, maximize);
}
