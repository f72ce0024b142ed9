/** Gradient clipping for the training loop, as `torch.nn.utils.clip_grad_norm_`. */
import { EntropicError, type Tensor, describeValue, opt, parseOptions } from '@entropic/core';

/** A maximum norm, or `{ maxNorm, normType = 2 }` (`normType` may be `Infinity`). */
export type ClipGradNorm = number | { maxNorm: number; normType?: number };

export function isClipGradNorm(v: unknown): v is ClipGradNorm {
  return (typeof v === 'number' && v > 0) || (v !== null && typeof v === 'object' && !Array.isArray(v));
}

/**
 * Scales every gradient by min(1, maxNorm / (‖g‖ + 1e-6)), ‖g‖ the `normType`-norm of all the
 * gradients together (PyTorch's rule, its 1e-6 included).
 */
export function clipGradNormInPlace(params: readonly Tensor[], maxNorm: number, normType: number): number {
  let total = 0;
  for (const p of params) {
    const g = p.grad?.data;
    if (g === undefined) continue;
    if (normType === Infinity) for (let i = 0; i < g.length; i++) total = Math.max(total, Math.abs(g[i]!));
    else for (let i = 0; i < g.length; i++) total += Math.abs(g[i]!) ** normType;
  }
  if (normType !== Infinity) total **= 1 / normType;
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1) {
    for (const p of params) {
      const g = p.grad?.data;
      if (g === undefined) continue;
      for (let i = 0; i < g.length; i++) g[i] = g[i]! * coef;
    }
  }
  return total;
}

/** The loop's clipping step for the `clipGradNorm` option. */
export function clipper(fn: string, spec: ClipGradNorm): (params: readonly Tensor[]) => void {
  const o = typeof spec === 'number' ? { maxNorm: spec, normType: 2 }
    : parseOptions(`${fn}.clipGradNorm`, spec, { maxNorm: opt.number({ gt: 0, required: true }), normType: opt.number({ gt: 0, infinite: true, default: 2 }) });
  if (!(o.maxNorm > 0)) throw new EntropicError('OPTION', fn, `expected clipGradNorm > 0, got ${describeValue(o.maxNorm)}`);
  return (params) => {
    clipGradNormInPlace(params, o.maxNorm, o.normType);
  };
}
