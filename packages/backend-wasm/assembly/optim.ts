// Optimizer updates, in place, for f32 and f64 parameters. Arithmetic is f64 in the order of
// @entropic/optim's loops (PyTorch's), with float32 state rounded on store and read back where
// PyTorch reads it back: results are bit-identical to the CPU implementation.

import { at } from './simd';

// @ts-ignore: decorator
@inline function ld<T>(p: usize, i: i32): f64 { return <f64>load<T>(at<T>(p, i)); }
// @ts-ignore: decorator
@inline function st<T>(p: usize, i: i32, v: f64): void { store<T>(at<T>(p, i), <T>v); }

/**
 * SGD: g = sign·grad (+ wd·θ); with momentum, buf = g on the first step, else
 * buf·momentum + (1 − dampening)·g; θ ← θ − lr·(nesterov ? g + momentum·buf : buf).
 * `buf` is 0 without momentum.
 */
export function sgdStep<T>(
  param: usize, grad: usize, buf: usize, n: i32,
  lr: f64, momentum: f64, dampening: f64, wd: f64, nesterov: bool, maximize: bool, first: bool,
): void {
  const sign: f64 = maximize ? -1 : 1;
  if (momentum == 0) {
    for (let i = 0; i < n; i++) {
      const p = ld<T>(param, i);
      // wd = 0 adds nothing, not 0·θ (an infinite θ would give NaN).
      const g = wd == 0 ? sign * ld<T>(grad, i) : sign * ld<T>(grad, i) + wd * p;
      st<T>(param, i, p - lr * g);
    }
    return;
  }
  const keep = first ? 0 : momentum;
  const take = first ? 1 : 1 - dampening;
  for (let i = 0; i < n; i++) {
    const p = ld<T>(param, i);
    const g = wd == 0 ? sign * ld<T>(grad, i) : sign * ld<T>(grad, i) + wd * p;
    st<T>(buf, i, first ? g : ld<T>(buf, i) * keep + take * g);
    const b = ld<T>(buf, i);
    st<T>(param, i, p - lr * (nesterov ? g + momentum * b : b));
  }
}

/**
 * Adam / AdamW (decoupled): m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; with AMSGrad
 * vmax ← max(vmax, v) (NaN wins); θ ← θ + negStepSize·m / (√v̂ / bias2Sqrt + eps).
 * The caller computes negStepSize = −lr/(1 − β₁ᵗ), bias2Sqrt = √(1 − β₂ᵗ), decay = 1 − lr·wd,
 * exactly as the CPU implementation. `vmax` is 0 without AMSGrad.
 */
export function adamStep<T>(
  param: usize, grad: usize, m: usize, v: usize, vmax: usize, n: i32,
  beta1: f64, beta2: f64, negStepSize: f64, bias2Sqrt: f64, eps: f64, wd: f64, decay: f64, decoupled: bool, maximize: bool,
): void {
  const sign: f64 = maximize ? -1 : 1;
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  const l2 = decoupled ? 0 : wd;
  for (let i = 0; i < n; i++) {
    let p = ld<T>(param, i);
    if (decoupled && wd != 0) {
      st<T>(param, i, p * decay);
      p = ld<T>(param, i); // read back: a float32 parameter is rounded here in PyTorch too
    }
    const g = l2 == 0 ? sign * ld<T>(grad, i) : sign * ld<T>(grad, i) + l2 * p;
    st<T>(m, i, ld<T>(m, i) * beta1 + c1 * g);
    st<T>(v, i, ld<T>(v, i) * beta2 + c2 * g * g);
    let second = ld<T>(v, i);
    if (vmax != 0) {
      const prev = ld<T>(vmax, i);
      st<T>(vmax, i, prev > second || prev != prev ? prev : second);
      second = ld<T>(vmax, i);
    }
    const denom = Math.sqrt(second) / bias2Sqrt + eps;
    st<T>(param, i, p + (negStepSize * ld<T>(m, i)) / denom);
  }
}
