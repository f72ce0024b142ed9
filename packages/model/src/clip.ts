/** The `clipGradNorm` option of `fit`: @entropic/optim's `clipGradNorm` between backward and step. */
import { type Tensor, opt, parseOptions } from '@entropic/core';
import { clipGradNorm } from '@entropic/optim';

/** A maximum norm, or `{ maxNorm, normType = 2 }` (`normType` may be `Infinity`). */
export type ClipGradNorm = number | {
  /** The largest joint norm the gradients may have. */
  maxNorm: number;
  /** The p of the p-norm (default 2; `Infinity`: the largest absolute value). */
  normType?: number;
};

export function isClipGradNorm(v: unknown): v is ClipGradNorm {
  return (typeof v === 'number' && v > 0) || (v !== null && typeof v === 'object' && !Array.isArray(v));
}

/** The loop's clipping step for the `clipGradNorm` option (PyTorch's `clip_grad_norm_` rule). */
export function clipper(fn: string, spec: ClipGradNorm): (params: readonly Tensor[]) => void {
  const o = typeof spec === 'number' ? { maxNorm: spec, normType: 2 }
    : parseOptions(`${fn}.clipGradNorm`, spec, { maxNorm: opt.number({ gt: 0, required: true }), normType: opt.number({ gt: 0, infinite: true, default: 2 }) });
  return (params) => {
    clipGradNorm(params, o.maxNorm, { normType: o.normType });
  };
}
