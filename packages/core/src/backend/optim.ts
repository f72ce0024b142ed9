/**
 * CPU kernels of the first-order optimizer updates: PyTorch 1.13's single-tensor steps
 * (torch/optim/{sgd,adam,adamw,rmsprop,adagrad}.py), in place, in PyTorch's order of operations so
 * that float64 trajectories agree to the last bits. Each value is stored and then read back where
 * PyTorch stores an intermediate: a float32 buffer rounds there, and PyTorch uses the rounded value.
 */
import type { AdagradUpdateArgs, AdamUpdateArgs, RmspropUpdateArgs, SgdUpdateArgs } from './kernels.js';

/**
 *   g ← ±∇ + wd·θ;  b ← g (first step) or μ·b + (1 − τ)·g;  g ← g + μ·b (Nesterov) or b;  θ ← θ − η·g.
 */
export function sgdUpdate(a: SgdUpdateArgs): void {
  const { param, grad, lr, momentum, dampening, weightDecay: wd, nesterov, momentumBuffer: buf, firstStep: first } = a;
  const sign = a.maximize ? -1 : 1;
  const n = param.length;
  if (buf === null) {
    for (let i = 0; i < n; i++) {
      const p = param[i]!;
      // wd = 0 adds nothing, not 0·θ (which would turn an infinite θ into NaN).
      const g = wd === 0 ? sign * grad[i]! : sign * grad[i]! + wd * p;
      param[i] = p - lr * g;
    }
    return;
  }
  // No dampening on the first step: the buffer starts as the gradient itself (PyTorch).
  const keep = first ? 0 : momentum;
  const take = first ? 1 : 1 - dampening;
  for (let i = 0; i < n; i++) {
    const p = param[i]!;
    const g = wd === 0 ? sign * grad[i]! : sign * grad[i]! + wd * p;
    buf[i] = first ? g : buf[i]! * keep + take * g;
    const b = buf[i]!;
    param[i] = p - lr * (nesterov ? g + momentum * b : b);
  }
}

/**
 *   m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  θ ← θ − (η / (1 − β₁ᵗ))·m / (√v̂ / √(1 − β₂ᵗ) + ε)
 * with v̂ = v, or max(v̂, v) under AMSGrad; AdamW first decays θ ← θ(1 − η·wd). ε is added after
 * the division by √(1 − β₂ᵗ), not inside it, as PyTorch.
 */
export function adamUpdate(a: AdamUpdateArgs): void {
  const { param, grad, lr, eps, weightDecay: wd, amsgrad, beta1, beta2, step: t, decoupled } = a;
  const sign = a.maximize ? -1 : 1;
  const biasCorrection1 = 1 - beta1 ** t;
  const bias2Sqrt = Math.sqrt(1 - beta2 ** t);
  const negStepSize = -(lr / biasCorrection1);
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  const decay = 1 - lr * wd;
  const l2 = decoupled ? 0 : wd;
  const m = a.expAvg;
  const v = a.expAvgSq;
  const vmax = amsgrad ? a.maxExpAvgSq : null;
  const n = param.length;
  for (let i = 0; i < n; i++) {
    let p = param[i]!;
    if (decoupled && wd !== 0) {
      param[i] = p * decay;
      p = param[i]!;
    }
    const g = l2 === 0 ? sign * grad[i]! : sign * grad[i]! + l2 * p;
    m[i] = m[i]! * beta1 + c1 * g;
    v[i] = v[i]! * beta2 + c2 * g * g;
    let second = v[i]!;
    if (vmax !== null) {
      // NaN-propagating maximum, as torch.maximum.
      const prev = vmax[i]!;
      vmax[i] = prev > second || Number.isNaN(prev) ? prev : second;
      second = vmax[i]!;
    }
    const denom = Math.sqrt(second) / bias2Sqrt + eps;
    param[i] = p + (negStepSize * m[i]!) / denom;
  }
}

/**
 *   s ← αs + (1 − α)g²;  ḡ ← αḡ + (1 − α)g (centered);  a ← √(s − ḡ²) or √s, then + ε;
 *   b ← μb + g/a, θ ← θ − ηb (momentum) or θ ← θ − ηg/a.
 */
export function rmspropUpdate(a: RmspropUpdateArgs): void {
  const { param, grad, lr, alpha, eps, weightDecay: wd, momentum, centered, squareAvg: sq } = a;
  const sign = a.maximize ? -1 : 1;
  const c = 1 - alpha;
  const gAvg = centered ? a.gradAvg! : null;
  const buf = momentum > 0 ? a.momentumBuffer! : null;
  const n = param.length;
  for (let i = 0; i < n; i++) {
    const p = param[i]!;
    const g = wd === 0 ? sign * grad[i]! : sign * grad[i]! + wd * p;
    sq[i] = sq[i]! * alpha + c * g * g;
    let avg: number;
    if (gAvg !== null) {
      gAvg[i] = gAvg[i]! * alpha + c * g;
      const ga = gAvg[i]!;
      // Trap: s − ḡ² ≥ 0 exactly, but with a near-constant gradient it can round to −1e-20, where
      // PyTorch takes √ of a negative and returns NaN forever; clamp at 0 (identical otherwise).
      const variance = sq[i]! + -ga * ga;
      avg = Math.sqrt(Math.max(variance, 0));
    } else {
      avg = Math.sqrt(sq[i]!);
    }
    avg += eps;
    if (buf !== null) {
      buf[i] = buf[i]! * momentum + g / avg;
      param[i] = p + -lr * buf[i]!;
    } else {
      param[i] = p + (-lr * g) / avg;
    }
  }
}

/** S ← S + g²;  θ ← θ − (η / (1 + (t − 1)·decay))·g / (√S + ε). */
export function adagradUpdate(a: AdagradUpdateArgs): void {
  const { param, grad, lr, lrDecay, eps, weightDecay: wd, sum, step } = a;
  const sign = a.maximize ? -1 : 1;
  const negClr = -(lr / (1 + (step - 1) * lrDecay));
  const n = param.length;
  for (let i = 0; i < n; i++) {
    const p = param[i]!;
    const g = wd === 0 ? sign * grad[i]! : sign * grad[i]! + wd * p;
    sum[i] = sum[i]! + g * g;
    const std = Math.sqrt(sum[i]!) + eps;
    param[i] = p + (negClr * g) / std;
  }
}
