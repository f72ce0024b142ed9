/**
 * Gradient clipping, as torch.nn.utils.clip_grad_norm_ and clip_grad_value_ (PyTorch 1.13): both
 * change the parameters' `.grad` in place, between `backward()` and `optimizer.step()`.
 */
import { EntropicError, type FloatArray, type ParsedOptions, type Tensor, describeValue, opt, parseOptions } from '@entropic/core';
import { isTensor } from './validate.js';

const clipGradNormSchema = {
  normType: opt.number({ gt: 0, infinite: true, default: 2 }),
  errorIfNonfinite: opt.boolean({ default: false }),
};

/** Options of {@link clipGradNorm}: the norm type (default 2) and whether a non-finite norm throws. */
export type ClipGradNormOptions = Partial<ParsedOptions<typeof clipGradNormSchema>>;

/** The float gradients of `params` that are not null (parameters without a gradient are skipped, as PyTorch). */
function gradientsOf(fn: string, params: unknown): { index: number; data: FloatArray }[] {
  const list: unknown[] = isTensor(params) ? [params] : Array.isArray(params) ? params : [];
  if (!isTensor(params) && !Array.isArray(params)) throw new EntropicError('TYPE', fn, `expected a Tensor or an array of Tensors, got ${describeValue(params)}`);
  const out: { index: number; data: FloatArray }[] = [];
  list.forEach((p, index) => {
    if (!isTensor(p)) throw new EntropicError('TYPE', fn, `expected parameter ${index} to be a Tensor, got ${describeValue(p)}`);
    const g: unknown = p.grad;
    if (g === null || g === undefined) return;
    if (!isTensor(g)) throw new EntropicError('TYPE', fn, `expected the gradient of parameter ${index} to be a Tensor or null, got ${describeValue(g)}`);
    if (g.dtype !== 'float32' && g.dtype !== 'float64') throw new EntropicError('DTYPE', fn, `expected float32 or float64 gradients, got ${g.dtype} for parameter ${index}`);
    out.push({ index, data: g.data as FloatArray });
  });
  return out;
}

function checkBound(fn: string, name: string, v: unknown): number {
  if (typeof v !== 'number') throw new EntropicError('TYPE', fn, `expected ${name} to be a number, got ${describeValue(v)}`);
  if (!(v >= 0)) throw new EntropicError('VALUE', fn, `expected ${name} to be a number >= 0, got ${v}`);
  return v;
}

/** max |g| over every gradient; NaN when any element is NaN (as torch's abs().max()). */
function maxAbs(grads: readonly { data: FloatArray }[]): number {
  let m = 0;
  for (const { data } of grads) {
    for (let i = 0; i < data.length; i++) {
      const a = Math.abs(data[i]!);
      if (!(a <= m)) m = a; // also takes a NaN, which then sticks
    }
  }
  return m;
}

/**
 * ‖g‖_p over all gradients as one vector. Computed as m·(Σ (|g|/m)^p)^(1/p) with m = max |g|, so
 * gradients near 1e200 (whose squares overflow) or 1e-200 (whose squares underflow) get their
 * true norm, where PyTorch returns ∞ or 0.
 */
function totalNorm(grads: readonly { data: FloatArray }[], p: number): number {
  const m = maxAbs(grads);
  if (p === Number.POSITIVE_INFINITY || m === 0 || !Number.isFinite(m)) return m;
  // t = |g| / m as two multiplies; trap: 1/m overflows for a subnormal m, so scale by an exact 2^64 first.
  const pre = Number.isFinite(1 / m) ? 1 : 2 ** 64;
  const inv = 1 / (m * pre);
  let s = 0;
  if (p === 2) {
    for (const { data } of grads) {
      for (let i = 0; i < data.length; i++) {
        const t = data[i]! * pre * inv;
        s += t * t;
      }
    }
    return m * Math.sqrt(s);
  }
  if (p === 1) {
    for (const { data } of grads) for (let i = 0; i < data.length; i++) s += Math.abs(data[i]!);
    return s;
  }
  for (const { data } of grads) for (let i = 0; i < data.length; i++) s += Math.abs(data[i]! * pre * inv) ** p;
  return m * s ** (1 / p);
}

/**
 * Scales the gradients of `params` in place so that their total p-norm (all gradients as one
 * vector) is at most `maxNorm`, and returns the total norm before clipping, as
 * `torch.nn.utils.clip_grad_norm_`: each gradient is multiplied by maxNorm / (total + 1e-6) when
 * that is below 1. `normType` is p (> 0, or `Infinity` for the largest |g|).
 *
 * A non-finite total (a NaN or infinite gradient) throws with `errorIfNonfinite: true` (code
 * NON_FINITE); otherwise it is returned and the gradients are left as they are (PyTorch would
 * multiply them by NaN or 0), so that `optimizer.step()` then names the parameter.
 */
export function clipGradNorm(params: Tensor | readonly Tensor[], maxNorm: number, options: ClipGradNormOptions = {}): number {
  const fn = 'clipGradNorm';
  const { normType, errorIfNonfinite } = parseOptions(fn, options, clipGradNormSchema);
  const max = checkBound(fn, 'maxNorm', maxNorm);
  const grads = gradientsOf(fn, params);
  if (grads.length === 0) return 0;
  const total = totalNorm(grads, normType);
  if (!Number.isFinite(total)) {
    if (errorIfNonfinite) {
      const bad = grads.find(({ data }) => data.some((v) => !Number.isFinite(v)));
      const where = bad === undefined ? '' : ` (the gradient of parameter ${bad.index} holds ${bad.data.find((v) => !Number.isFinite(v))})`;
      throw new EntropicError('NON_FINITE', fn, `the total norm of order ${normType} of the gradients is ${total}${where}, so it cannot be clipped; no gradient was changed`);
    }
    return total;
  }
  const coef = max / (total + 1e-6);
  if (coef < 1) {
    for (const { data } of grads) for (let i = 0; i < data.length; i++) data[i] = data[i]! * coef;
  }
  return total;
}

/**
 * Clamps every gradient element of `params` to [−clipValue, clipValue] in place, as
 * `torch.nn.utils.clip_grad_value_` (a NaN stays NaN; ±Infinity becomes ±clipValue).
 */
export function clipGradValue(params: Tensor | readonly Tensor[], clipValue: number): void {
  const fn = 'clipGradValue';
  const c = checkBound(fn, 'clipValue', clipValue);
  for (const { data } of gradientsOf(fn, params)) {
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (v > c) data[i] = c;
      else if (v < -c) data[i] = -c;
    }
  }
}
